// Benchmark driver: the generated C# library vs a raw HttpClient request, on Mono. Prints one JSON line.
//
//   crc   FILE REPEATS [managed]           CRC-64 with the library's Crc64 (liblzma when it loads), or its table in C#
//   big   client|raw URL KEY TOTAL CHUNK   TOTAL bytes appended in CHUNK-byte appends
//   small client|raw URL KEY COUNT SIZE    COUNT sequential appends of SIZE bytes
//   file  client|raw URL KEY PATH          the whole file appended as one streamed append
//
// Compiled with out/csharp/src/*.cs by bench/run.ts (mcs -langversion:7 -warnaserror+ -optimize+).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using OssAppend;

internal static class Driver
{
    private const string Bucket = "examplebucket";

    private static string Num(double value)
    {
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Deterministic pseudo-random bytes.</summary>
    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        new Random(1).NextBytes(bytes);
        return bytes;
    }

    /// <summary>V1-signed appends over HttpClient's keep-alive connections: the floor any .NET client on Mono pays.</summary>
    private sealed class Raw : IDisposable
    {
        private readonly HttpClient http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(10) };
        private readonly string url;
        private readonly string key;

        public Raw(string url, string key)
        {
            this.url = url.TrimEnd('/');
            this.key = key;
        }

        public void Dispose()
        {
            http.Dispose();
        }

        /// <summary>One unsigned HEAD before the clock starts, as the client's appender opens with its HEAD: the JIT and the connection are warm for both.</summary>
        public async Task Warm()
        {
            using (var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url + "/" + Bucket + "/" + key)))
            {
            }
        }

        public async Task Append(long position, HttpContent content)
        {
            string date = DateTime.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
            string resource = "/" + Bucket + "/" + key + "?append&position=" + position;
            string signature;
            using (var mac = new HMACSHA1(Encoding.UTF8.GetBytes("sk")))
            {
                signature = Convert.ToBase64String(mac.ComputeHash(Encoding.UTF8.GetBytes("POST\n\napplication/octet-stream\n" + date + "\n" + resource)));
            }
            var request = new HttpRequestMessage(HttpMethod.Post, url + resource) { Content = content };
            request.Headers.ExpectContinue = false;
            request.Headers.TryAddWithoutValidation("Date", date);
            request.Headers.TryAddWithoutValidation("Authorization", "OSS ak:" + signature);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
            using (var response = await http.SendAsync(request))
            {
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException("raw append: status " + (int)response.StatusCode);
            }
        }
    }

    /// <summary>Disposed by the caller before the result is printed: Mono 6.8 can crash at exit with timers still live (mono/mono#15418).</summary>
    private static OssClient NewClient(string url)
    {
        return new OssClient(new ClientOptions { Endpoint = url, AccessKeyId = "ak", AccessKeySecret = "sk", Timeout = TimeSpan.FromMinutes(10) });
    }

    private static async Task<double> AppendMany(string variant, string url, string key, long count, int size)
    {
        byte[] chunk = Pattern(size);
        Stopwatch watch;
        if (variant == "client")
        {
            using (var client = NewClient(url))
            {
                var a = await client.NewAppender(Bucket, key).OpenAsync();
                watch = Stopwatch.StartNew();
                for (long i = 0; i < count; i++) await a.AppendAsync(chunk);
            }
        }
        else if (variant == "raw")
        {
            using (var raw = new Raw(url, key))
            {
                await raw.Warm();
                watch = Stopwatch.StartNew();
                for (long i = 0; i < count; i++) await raw.Append(i * size, new ByteArrayContent(chunk));
            }
        }
        else throw new ArgumentException("unknown variant " + variant);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> AppendFile(string variant, string url, string key, string path)
    {
        Stopwatch watch;
        if (variant == "client")
        {
            using (var client = NewClient(url))
            {
                var a = await client.NewAppender(Bucket, key).OpenAsync();
                watch = Stopwatch.StartNew();
                await a.AppendAsync(RequestBody.FromFile(path));
            }
        }
        else if (variant == "raw")
        {
            using (var raw = new Raw(url, key))
            {
                await raw.Warm();
                watch = Stopwatch.StartNew();
                using (var file = File.OpenRead(path))
                {
                    var content = new StreamContent(file, 64 * 1024);
                    content.Headers.ContentLength = file.Length;
                    await raw.Append(0, content);
                }
            }
        }
        else throw new ArgumentException("unknown variant " + variant);
        return watch.Elapsed.TotalMilliseconds;
    }

    private static int Main(string[] args)
    {
        string mode = args[0];
        switch (mode)
        {
            case "crc":
            {
                byte[] data = File.ReadAllBytes(args[1]);
                bool managed = args.Length > 3 && args[3] == "managed";
                ulong value = 0;
                var runs = new List<double>();
                for (int i = 0; i < int.Parse(args[2], CultureInfo.InvariantCulture); i++)
                {
                    var watch = Stopwatch.StartNew();
                    value = managed ? Crc64.ManagedUpdate(0, data, 0, data.Length) : Crc64.Checksum(data);
                    runs.Add(watch.Elapsed.TotalMilliseconds);
                }
                string implementation = managed ? "managed, slicing-by-16" : Crc64.Implementation;
                Console.WriteLine("{\"ms\":[" + string.Join(",", runs.Select(Num)) + "],\"bytes\":" + data.Length + ",\"crc\":\"" + value + "\",\"implementation\":\"" + implementation + "\"}");
                return 0;
            }
            case "big":
            {
                long total = long.Parse(args[4], CultureInfo.InvariantCulture);
                int chunk = int.Parse(args[5], CultureInfo.InvariantCulture);
                long count = (total + chunk - 1) / chunk;
                double ms = AppendMany(args[1], args[2], args[3], count, chunk).GetAwaiter().GetResult();
                Console.WriteLine("{\"ms\":" + Num(ms) + ",\"bytes\":" + (count * chunk) + "}");
                return 0;
            }
            case "small":
            {
                long count = long.Parse(args[4], CultureInfo.InvariantCulture);
                double ms = AppendMany(args[1], args[2], args[3], count, int.Parse(args[5], CultureInfo.InvariantCulture)).GetAwaiter().GetResult();
                Console.WriteLine("{\"ms\":" + Num(ms) + ",\"ops\":" + count + "}");
                return 0;
            }
            case "file":
            {
                double ms = AppendFile(args[1], args[2], args[3], args[4]).GetAwaiter().GetResult();
                Console.WriteLine("{\"ms\":" + Num(ms) + ",\"bytes\":" + new FileInfo(args[4]).Length + "}");
                return 0;
            }
            default:
                Console.Error.WriteLine("usage: Driver.exe crc|big|small|file ...");
                return 2;
        }
    }
}
