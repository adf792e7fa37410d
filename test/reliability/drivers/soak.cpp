// Reliability driver for the generated C++ client (built with out/cpp by test/reliability/lib.ts buildCppDriver for
// test/reliability/faults.test.ts). Usage:
//   soak soak URL KEY DATA SIZES   append DATA cut at SIZES through an Appender, reopening after every error
//   soak integrity URL KEY         one append whose answer carries a wrong CRC header
// Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (the client's own loading). One JSON line out;
// nothing printed ever contains a credential.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::cerr << "usage: soak|integrity URL KEY [DATA SIZES]\n";
    return 2;
  }
  const std::string mode = argv[1], url = argv[2], key = argv[3];
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
