// Benchmark driver: the generated C++ client (out/cpp: its layer over the generated C core). One measurement per
// process; prints one JSON line. Built by bench/run.ts (buildCpp). The raw-libcurl floor is the C driver's.
//
//   crc   cpp FILE REPEATS                CRC-64 of the file's bytes (read into memory first), oss_append::crc64
//   big   client URL KEY TOTAL CHUNK     TOTAL bytes appended in CHUNK-byte appends through an Appender
//   small client URL KEY COUNT SIZE      COUNT sequential appends of SIZE bytes
//   file  client URL KEY PATH            the whole file appended (Appender::append_file)
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "oss_append/oss_append.hpp"

namespace oss = oss_append;

namespace {

double now_ms() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// A deterministic pseudo-random chunk (xorshift32 from seed 1, as the other drivers).
std::string pattern(std::size_t size) {
  std::string buf(size, '\0');
  std::uint32_t x = 1;
  for (std::size_t i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    buf[i] = static_cast<char>(x & 0xff);
  }
  return buf;
}

oss::OssClient client_for(const std::string &url) {
  oss::ClientOptions options;
  options.endpoint = url;
  options.access_key_id = "ak";
  options.access_key_secret = "sk";
  options.timeout = std::chrono::milliseconds(600000);
  return oss::OssClient(options);
}

double append_many(const std::string &url, const std::string &key, long count, std::size_t size) {
  const std::string chunk = pattern(size);
  oss::OssClient client = client_for(url);
  oss::Appender appender(client, "examplebucket", key);
  const double start = now_ms();
  for (long i = 0; i < count; i++) appender.append(chunk);
  return now_ms() - start;
}

}  // namespace

int main(int argc, char **argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "crc" && argc == 5) {
      std::ifstream in(argv[3], std::ios::binary);
      const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const int repeats = std::atoi(argv[4]);
      std::uint64_t value = 0;
      std::cout << "{\"ms\":[";
      for (int i = 0; i < repeats; i++) {
        const double start = now_ms();
        value = oss::crc64(data);
        std::printf("%s%.3f", i ? "," : "", now_ms() - start);
        std::fflush(stdout);
      }
      std::cout << "],\"bytes\":" << data.size() << ",\"crc\":\"" << value << "\",\"implementation\":\"liblzma via the C core\"}\n";
    } else if (mode == "big" && argc == 7) {
      const long long total = std::atoll(argv[5]), chunk = std::atoll(argv[6]);
      const long count = static_cast<long>((total + chunk - 1) / chunk);
      const double ms = append_many(argv[3], argv[4], count, static_cast<std::size_t>(chunk));
      std::printf("{\"ms\":%.3f,\"bytes\":%lld}\n", ms, static_cast<long long>(count) * chunk);
    } else if (mode == "small" && argc == 7) {
      const long count = std::atol(argv[5]);
      const double ms = append_many(argv[3], argv[4], count, static_cast<std::size_t>(std::atol(argv[6])));
      std::printf("{\"ms\":%.3f,\"ops\":%ld}\n", ms, count);
    } else if (mode == "file" && argc == 6) {
      oss::OssClient client = client_for(argv[3]);
      oss::Appender appender(client, "examplebucket", argv[4]);
      const auto size = std::filesystem::file_size(argv[5]);
      const double start = now_ms();
      appender.append_file(argv[5]);
      std::printf("{\"ms\":%.3f,\"bytes\":%llu}\n", now_ms() - start, static_cast<unsigned long long>(size));
    } else {
      std::cerr << "usage: driver crc|big|small|file ...\n";
      return 2;
    }
  } catch (const std::exception &error) {
    std::cerr << "cpp driver: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
