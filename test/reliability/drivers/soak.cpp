// Reliability driver for the generated C++ client (built with out/cpp by test/reliability/lib.ts buildCppDriver for
// the faults, secrets and hostile-server suites). Usage:
//   soak soak URL KEY DATA SIZES          append DATA cut at SIZES through an Appender, reopening after every error
//   soak integrity URL KEY                one append whose answer carries a wrong CRC header
//   soak append-once URL KEY FILE         one append call (not the appender) at position 0, previous CRC 0
//   soak append-once-pipe URL KEY FILE    the same, the body an istream on a pipe (cannot be read again)
//   soak appender URL KEY FILE [FILE...]  appender open, then each FILE's bytes in order
//   soak appender-each URL KEY FILE...    the same, one JSON line per append, going on after a failure
//   soak head URL KEY                     one HEAD
//   soak get URL KEY                      one GET: next is the body's size, crc its CRC-64
// Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN (the client's own loading).
// The hostile-suite commands read OSSGEN_TIMEOUT_MS (default 1000), OSSGEN_MAX_ATTEMPTS (default 3) and
// OSSGEN_OPERATION_TIMEOUT_MS (default none), print one JSON line (ok, or kind/class/code/status/message) and exit 0
// even when the call failed. Nothing printed ever contains a credential: the client's messages never do.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "oss_append/oss_append.hpp"

namespace oss = oss_append;

namespace {

const char *const kBucket = "examplebucket";

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Under faults even the probe can fail after its own retries: try a few times.
oss::Appender open_appender(oss::OssClient &client, const std::string &key) {
  for (int i = 0;; i++) {
    try {
      return oss::Appender(client, kBucket, key);
    } catch (const oss::Error &) {
      if (i == 9) throw;
    }
  }
}

long env_long(const char *name, long fallback) {
  const char *text = std::getenv(name);
  return text != nullptr && text[0] != '\0' ? std::strtol(text, nullptr, 10) : fallback;
}

std::string json_string(const std::string &s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// The suite's error kinds, from the exception's class.
std::string kind_of(const oss::Error &error) {
  if (dynamic_cast<const oss::ServiceError *>(&error)) return "service";
  if (dynamic_cast<const oss::InvalidInputError *>(&error)) return "validation";
  if (dynamic_cast<const oss::TimeoutError *>(&error)) return "timeout";
  if (dynamic_cast<const oss::NetworkError *>(&error)) return "network";
  if (dynamic_cast<const oss::ProtocolError *>(&error)) return "protocol";
  if (dynamic_cast<const oss::IntegrityError *>(&error)) return "integrity";
  return "untyped";
}

void print_failure(const oss::Error &error) {
  std::cout << "{\"ok\":false,\"kind\":\"" << kind_of(error) << "\",\"class\":" << json_string(error.code()) << ",\"code\":" << json_string(error.code())
            << ",\"status\":" << error.status() << ",\"message\":" << json_string(error.message());
  if (const auto *position = dynamic_cast<const oss::PositionNotEqualToLengthError *>(&error); position && position->next_append_position()) {
    std::cout << ",\"nextAppendPosition\":" << *position->next_append_position();
  }
  std::cout << "}\n";
}

void print_success(std::int64_t next, std::optional<std::uint64_t> crc) {
  std::cout << "{\"ok\":true,\"next\":" << next << ",\"crc\":";
  if (crc) std::cout << "\"" << *crc << "\"}\n";
  else std::cout << "null}\n";
}

// append-once, append-once-pipe, appender, appender-each, head, get: the hostile-server suite's commands.
int hostile_command(const std::string &mode, const std::string &url, const std::string &key, const std::vector<std::string> &files) {
  oss::ClientOptions options;
  options.endpoint = url;
  options.timeout = std::chrono::milliseconds(env_long("OSSGEN_TIMEOUT_MS", 1000));
  options.max_attempts = static_cast<int>(env_long("OSSGEN_MAX_ATTEMPTS", 3));
  options.operation_timeout = std::chrono::milliseconds(env_long("OSSGEN_OPERATION_TIMEOUT_MS", 0));
  options.retry_base_delay = std::chrono::milliseconds(10);
  std::optional<oss::OssClient> client;
  try {
    client.emplace(options);
  } catch (const oss::Error &error) {
    print_failure(error);
    return 0;
  }
  try {
    if (mode == "head") {
      oss::HeadObjectRequest request;
      request.bucket = kBucket;
      request.key = key;
      const auto result = client->head_object(request);
      print_success(result.next_append_position.value_or(result.content_length.value_or(0)), result.hash_crc64ecma);
    } else if (mode == "get") {
      oss::GetObjectRequest request;
      request.bucket = kBucket;
      request.key = key;
      const auto result = client->get_object(request);
      print_success(static_cast<std::int64_t>(result.body.size()), oss::crc64(result.body));
    } else if (mode == "append-once" || mode == "append-once-pipe") {
      const std::string data = read_file(files.at(0));
      oss::AppendObjectRequest request;
      request.bucket = kBucket;
      request.key = key;
      request.position = 0;
      request.init_crc = 0;
      std::optional<std::ifstream> pipe_in;
      if (mode == "append-once-pipe") {
        // A body of unknown length that cannot be read again (small enough to sit in the pipe's buffer).
        int fds[2];
        if (data.size() > 4096 || pipe(fds) != 0 || write(fds[1], data.data(), data.size()) != static_cast<ssize_t>(data.size()) || close(fds[1]) != 0) {
          throw std::runtime_error("pipe");
        }
        pipe_in.emplace("/proc/self/fd/" + std::to_string(fds[0]), std::ios::binary);
        close(fds[0]);
        request.body = oss::Body::from_stream(*pipe_in);
      } else {
        request.body = oss::Body::from_view(data);
      }
      const auto result = client->append_object(request);
      print_success(result.next_append_position.value_or(0), result.hash_crc64ecma);
    } else {
      const bool each = mode == "appender-each";
      oss::Appender appender(*client, kBucket, key);
      bool failed = false;
      for (std::size_t i = 0; i < files.size() && (each || !failed); i++) {
        try {
          appender.append(read_file(files[i]));
          if (each) print_success(appender.position(), appender.crc64());
        } catch (const oss::Error &error) {
          failed = true;
          print_failure(error);
        }
      }
      if (!each && !failed) print_success(appender.position(), appender.crc64());
    }
  } catch (const oss::Error &error) {
    print_failure(error);
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::cerr << "usage: soak|integrity URL KEY [DATA SIZES]\n";
    return 2;
  }
  const std::string mode = argv[1], url = argv[2], key = argv[3];
  if (mode == "append-once" || mode == "append-once-pipe" || mode == "appender" || mode == "appender-each" || mode == "head" || mode == "get") {
    if (mode != "head" && mode != "get" && argc < 5) {
      std::cerr << "usage: " << mode << " URL KEY FILE...\n";
      return 2;
    }
    try {
      return hostile_command(mode, url, key, std::vector<std::string>(argv + 4, argv + argc));
    } catch (const std::exception &error) {
      std::cerr << "driver: " << error.what() << "\n";
      return 1;
    }
  }
  try {
    oss::ClientOptions options;
    options.endpoint = url;
    options.timeout = std::chrono::milliseconds(800);
    options.max_attempts = 6;
    oss::OssClient client(options);
    if (mode == "integrity") {
      oss::Appender appender = open_appender(client, key);
      std::string outcome = "accepted";
      bool integrity = false;
      try {
        appender.append("integrity check");
      } catch (const oss::IntegrityError &) {
        integrity = true;
        outcome = "IntegrityError";
      } catch (const oss::Error &error) {
        outcome = error.code();
      }
      std::cout << "{\"lang\":\"cpp\",\"integrityError\":" << (integrity ? "true" : "false") << ",\"error\":\"" << outcome << "\"}\n";
      return 0;
    }
    if (argc < 6) {
      std::cerr << "usage: soak URL KEY DATA SIZES\n";
      return 2;
    }
    const std::string data = read_file(argv[4]);
    std::istringstream sizes(read_file(argv[5]));
    oss::Appender appender = open_appender(client, key);
    int opens = 1, errors = 0, integrity = 0, landed_after_error = 0, chunks = 0;
    std::int64_t offset = 0;
    for (std::string line; std::getline(sizes, line);) {
      if (line.empty()) continue;
      const std::int64_t size = std::stoll(line);
      if (offset + size > static_cast<std::int64_t>(data.size())) throw std::runtime_error("sizes exceed the data");
      for (;;) {
        const std::int64_t before = appender.position();
        try {
          appender.append(std::string_view(data).substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(size)));
          break;
        } catch (const oss::IntegrityError &) {
          errors++;
          integrity++;
        } catch (const oss::Error &) {
          errors++;
        }
        // The outcome is settled by reading the object back, never by guessing.
        appender = open_appender(client, key);
        opens++;
        const std::int64_t now = appender.position();
        if (now == before + size) {
          landed_after_error++;
          break;
        }
        if (now != before) {
          std::cerr << "driver: object is " << now << " bytes, neither " << before << " nor " << before + size << "\n";
          return 1;
        }
      }
      offset += size;
      chunks++;
    }
    std::cout << "{\"lang\":\"cpp\",\"chunks\":" << chunks << ",\"bytes\":" << offset << ",\"position\":" << appender.position() << ",\"crc\":\""
              << appender.crc64() << "\",\"errors\":" << errors << ",\"integrityErrors\":" << integrity << ",\"landedAfterError\":" << landed_after_error
              << ",\"opens\":" << opens << "}\n";
  } catch (const std::exception &error) {
    std::cerr << "driver: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
