// Reliability driver for the generated C# library (compiled with out/csharp/src/*.cs by test/reliability/lib.ts).
// Usage:
//
//   Soak.exe soak URL KEY DATA SIZES   append DATA cut at SIZES through an Appender
//   Soak.exe integrity URL KEY         one append whose answer carries a wrong CRC header
//   Soak.exe print-client URL KEY      print the client as a careless log line would
//   Soak.exe append-once URL KEY FILE  one AppendObject at position 0 with FILE's bytes (previous CRC 0)
//   Soak.exe appender URL KEY FILE...  an Appender: open, then append each FILE's bytes in order
//   Soak.exe head URL KEY              one HeadObject
//
// Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN, read by the client itself.
// append-once, appender and head use OSSGEN_TIMEOUT_MS (default 1000) and OSSGEN_MAX_ATTEMPTS (default 3), and print
// {"ok":true,"next":N,"crc":"DECIMAL"} or {"ok":false,"kind":K,"class":...,"code":...,"status":N,"message":...},
// exiting 0 either way. Prints one JSON line. The library's names are the model's (OssAppend, OssClient).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OssAppend;

internal static class Soak
{
    private const string Bucket = "examplebucket";

    private static Task ShortSleep(TimeSpan delay, CancellationToken token)
    {
        return Task.Delay(delay < TimeSpan.FromMilliseconds(10) ? delay : TimeSpan.FromMilliseconds(10), token);
    }

    private static string Json(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static string Obj(params object[] pairs)
    {
        var parts = new List<string>();
        for (int i = 0; i < pairs.Length; i += 2)
        {
            object v = pairs[i + 1];
            string value = v == null ? "null" : v is bool ? ((bool)v ? "true" : "false") : v is string ? Json((string)v) : Convert.ToString(v, CultureInfo.InvariantCulture);
            parts.Add(Json((string)pairs[i]) + ":" + value);
        }
        return "{" + string.Join(",", parts) + "}";
    }

    /// <summary>Never prints a credential, even if an untyped error quoted one.</summary>
    private static string Scrub(string text)
    {
        foreach (string name in new[] { "OSS_ACCESS_KEY_ID", "OSS_ACCESS_KEY_SECRET", "OSS_SESSION_TOKEN" })
        {
            string value = Environment.GetEnvironmentVariable(name) ?? "";
            foreach (string v in new[] { value, value.Trim() }.Distinct())
            {
                if (v.Length >= 4) text = text.Replace(v, "[redacted]");
            }
        }
        return text;
    }

    private static Exception Unwrap(Exception e)
    {
        var aggregate = e as AggregateException;
        return aggregate != null && aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : e;
    }

    private static string Classify(Exception error)
    {
        error = Unwrap(error);
        string kind = error is ServiceException ? "service"
            : error is TransportException ? (((TransportException)error).TimedOut ? "timeout" : "network")
            : error is ProtocolException ? "protocol"
            : error is IntegrityException ? "integrity"
            : error is RequestValidationException || error is ConfigurationException ? "validation"
            : "untyped";
        var service = error as ServiceException;
        var pairs = new List<object> { "ok", false, "kind", kind, "class", error.GetType().Name, "code", service != null ? service.Code : "", "status", service != null ? service.Status : 0, "message", Scrub(error.Message) };
        if (service != null && service.Code == Protocol.PositionErrorCode)
        {
            object position = service.GetType().GetProperty(Protocol.PositionErrorField).GetValue(service, null);
            if (position != null)
            {
                pairs.Add("nextAppendPosition");
                pairs.Add(position);
            }
        }
        return Obj(pairs.ToArray());
    }

    private static async Task<Appender> OpenAppender(OssClient client, string key)
    {
        // Under faults even the probe can fail after its own retries: try a few times.
        Exception last = null;
        for (int i = 0; i < 10; i++)
        {
            try
            {
                return await client.NewAppender(Bucket, key, maxAttempts: 6).OpenAsync();
            }
            catch (SdkException e)
            {
                last = e;
            }
        }
        throw last;
    }

    private static async Task<string> OneCall(string mode, string url, string key, string[] files)
    {
        try
        {
            double timeout = int.Parse(Environment.GetEnvironmentVariable("OSSGEN_TIMEOUT_MS") ?? "1000", CultureInfo.InvariantCulture) / 1000.0;
            int attempts = int.Parse(Environment.GetEnvironmentVariable("OSSGEN_MAX_ATTEMPTS") ?? "3", CultureInfo.InvariantCulture);
            using (var client = new OssClient(new ClientOptions { Endpoint = url, Timeout = TimeSpan.FromSeconds(timeout), MaxAttempts = attempts, Sleeper = ShortSleep }))
            {
                if (mode == "head")
                {
                    var head = await client.HeadObjectAsync(new HeadObjectRequest { Bucket = Bucket, Key = key });
                    long length = head.NextAppendPosition ?? head.ContentLength;
                    return Obj("ok", true, "next", length, "crc", head.HashCrc64Ecma == null ? null : head.HashCrc64Ecma.Value.ToString(CultureInfo.InvariantCulture));
                }
                var bodies = files.Select(File.ReadAllBytes).ToList();
                if (mode == "append-once")
                {
                    var result = await client.AppendObjectAsync(new AppendObjectRequest { Bucket = Bucket, Key = key, Position = 0, Body = bodies[0], PreviousCrc = 0 });
                    return Obj("ok", true, "next", result.NextAppendPosition, "crc", Convert.ToString(result.HashCrc64Ecma, CultureInfo.InvariantCulture));
                }
                var appender = await new Appender(client, Bucket, key, null, null, null, ShortSleep).OpenAsync();
                foreach (byte[] body in bodies) await appender.AppendAsync(body);
                return Obj("ok", true, "next", appender.Position, "crc", Convert.ToString(appender.Crc, CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e)
        {
            return Classify(e);
        }
    }

    private static async Task<string> RunSoak(OssClient client, string key, byte[] data, long[] sizes)
    {
        var appender = await OpenAppender(client, key);
        int opens = 1, errors = 0, integrity = 0, landedAfterError = 0;
        long offset = 0;
        foreach (long size in sizes)
        {
            var chunk = new byte[size];
            Array.Copy(data, offset, chunk, 0, size);
            while (true)
            {
                long before = appender.Position;
                try
                {
                    await appender.AppendAsync(chunk);
                    break;
                }
                catch (Exception e)
                {
                    errors++;
                    if (Unwrap(e) is IntegrityException) integrity++;
                }
                appender = await OpenAppender(client, key);
                opens++;
                if (appender.Position == before + size)
                {
                    landedAfterError++;
                    break;
                }
                if (appender.Position != before)
                {
                    Console.Error.WriteLine("object is " + appender.Position + " bytes, neither " + before + " nor " + (before + size));
                    Environment.Exit(1);
                }
            }
            offset += size;
        }
        return Obj("lang", "csharp", "chunks", sizes.Length, "bytes", offset, "position", appender.Position, "crc", Convert.ToString(appender.Crc, CultureInfo.InvariantCulture),
            "errors", errors, "integrityErrors", integrity, "landedAfterError", landedAfterError, "opens", opens);
    }

    /// <summary>
    /// Runs one HEAD and one append against a throwaway loopback listener (not the server under test, which counts
    /// requests), so Mono has compiled the HTTP stack before the measured call: the suites' 1 s timeouts then bound
    /// the client's exchange, not the JIT (the generated README notes the first-request cost).
    /// </summary>
    private static void WarmUp()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() =>
        {
            for (int i = 0; i < 2; i++)
            {
                using (var socket = listener.AcceptSocket())
                {
                    var buffer = new byte[65536];
                    socket.ReceiveTimeout = 2000;
                    try
                    {
                        socket.Receive(buffer);
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        // Whatever arrived is enough: the answer below ends the exchange.
                    }
                    socket.Send(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                }
            }
        });
        // Its own credentials: the environment is the scenario's (some scenarios set broken ones on purpose).
        var client = new OssClient(new ClientOptions { Endpoint = "http://127.0.0.1:" + port, AccessKeyId = "warm-up", AccessKeySecret = "warm-up", SecurityToken = "", Timeout = TimeSpan.FromSeconds(5), MaxAttempts = 1 });
        // Disposed at the end: a client left open keeps timers that Mono 6.8 can trip over at exit (mono/mono#15418).
        try
        {
            client.HeadObjectAsync(new HeadObjectRequest { Bucket = Bucket, Key = "warm-up" }).GetAwaiter().GetResult();
        }
        catch (SdkException)
        {
            // The listener's answer lacks the service's headers: expected.
        }
        try
        {
            client.AppendObjectAsync(new AppendObjectRequest { Bucket = Bucket, Key = "warm-up", Position = 0, Body = "x" }).GetAwaiter().GetResult();
        }
        catch (SdkException)
        {
            // Same.
        }
        client.Dispose();
        server.Wait(5000);
        listener.Stop();
    }

    private static int Main(string[] args)
    {
        Console.Out.Flush();
        WarmUp();
        string mode = args[0], url = args[1], key = args[2];
        string[] rest = args.Skip(3).ToArray();
        if (mode == "append-once" || mode == "appender" || mode == "head")
        {
            Console.WriteLine(OneCall(mode, url, key, rest).GetAwaiter().GetResult());
            return 0;
        }
        using (var client = new OssClient(new ClientOptions { Endpoint = url, Timeout = TimeSpan.FromSeconds(0.8), MaxAttempts = 6 }))
        {
            if (mode == "print-client")
            {
                Console.WriteLine(client + " " + client.ToString() + " " + string.Format(CultureInfo.InvariantCulture, "{0}", client));
                return 0;
            }
            if (mode == "integrity")
            {
                string line;
                // Not caught: a client that cannot open (a wrong secret) ends the driver with its typed exception.
                var appender = OpenAppender(client, key).GetAwaiter().GetResult();
                try
                {
                    appender.AppendAsync("integrity check").GetAwaiter().GetResult();
                    line = Obj("lang", "csharp", "integrityError", false, "error", "accepted");
                }
                catch (IntegrityException e)
                {
                    line = Obj("lang", "csharp", "integrityError", true, "error", e.Message);
                }
                catch (Exception e)
                {
                    line = Obj("lang", "csharp", "integrityError", false, "error", e.GetType().Name + ": " + e.Message);
                }
                Console.WriteLine(line);
                return 0;
            }
            long[] sizes = File.ReadAllText(rest[1]).Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            Console.WriteLine(RunSoak(client, key, File.ReadAllBytes(rest[0]), sizes).GetAwaiter().GetResult());
        }
        return 0;
    }
}
