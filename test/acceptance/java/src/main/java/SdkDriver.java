import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ResponseHeaderOverrides;
import com.aliyun.oss.model.SimplifiedObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs issue 17's acceptance scenario (test/acceptance/scenario.ts) through the official Java SDK
 * (com.aliyun.oss:aliyun-sdk-oss) and prints the report as one JSON object.
 *
 * <pre>java SdkDriver ENDPOINT PROXY_HOST PROXY_PORT path|virtual-hosted v1|v4 PREFIX STS_TOKEN WRONG_STS_TOKEN</pre>
 *
 * The SDK reaches the simulator through the test's recording HTTP proxy (an ordinary SDK setting), so
 * bucket.localhost needs no resolver, and the test reads each response's status and Host off the proxy:
 * the Java SDK shows neither a status on its exceptions nor one on most results. Steps are listed here in
 * the order of their requests, one request each. The SDK treats a "localhost" endpoint like an IP address
 * (path-style only), so the virtual-hosted runs name the endpoint by another name under .localhost.
 */
public final class SdkDriver {
  private static final String BUCKET = "examplebucket";
  private static final String REGION = "cn-hangzhou";

  private final Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
  private final List<String> order = new ArrayList<>();
  private int calls;

  interface Call {
    Map<String, Object> run() throws Exception;
  }

  private void step(String name, Call call) {
    calls++;
    order.add(name);
    Map<String, Object> obs;
    try {
      obs = call.run();
      if (obs == null) obs = new LinkedHashMap<>();
    } catch (OSSException e) {
      obs = new LinkedHashMap<>();
      obs.put("code", e.getErrorCode());
      obs.put("error", e.getErrorCode() + ": " + e.getErrorMessage());
    } catch (Exception e) {
      obs = new LinkedHashMap<>();
      obs.put("error", e.toString());
    }
    steps.put(name, obs);
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> read(OSSObject o) throws Exception {
    Map<String, Object> obs = new LinkedHashMap<>();
    try (InputStream in = o.getObjectContent()) {
      obs.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    obs.put("contentType", o.getObjectMetadata().getContentType());
    return obs;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println("usage: SdkDriver ENDPOINT PROXY_HOST PROXY_PORT path|virtual-hosted v1|v4 PREFIX STS_TOKEN WRONG_STS_TOKEN");
      System.exit(2);
    }
    String endpoint = args[0];
    String proxyHost = args[1];
    int proxyPort = Integer.parseInt(args[2]);
    String addressing = args[3];
    String scheme = args[4];
    String prefix = args[5];
    String stsToken = args[6];
    String wrongToken = args[7];

    java.util.function.Function<String, OSS> client = token -> {
      ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
      conf.setProxyHost(proxyHost);
      conf.setProxyPort(proxyPort);
      // Path-style is the SDK's "second-level domain" mode: /bucket/key on the endpoint.
      conf.setSLDEnabled(addressing.equals("path"));
      if (scheme.equals("v4")) conf.setSignatureVersion(SignVersion.V4);
      DefaultCredentialProvider credentials = token.isEmpty() ? new DefaultCredentialProvider("ak", "sk") : new DefaultCredentialProvider("ak", "sk", token);
      return OSSClientBuilder.create()
          .endpoint(endpoint)
          .credentialsProvider(credentials)
          .clientConfiguration(conf)
          .region(REGION)
          .build();
    };

    OSS oss = client.apply("");
    OSS sts = client.apply(stsToken);
    OSS wrong = client.apply(wrongToken);
    SdkDriver d = new SdkDriver();
    String log = prefix + "/log";

    d.step("put", () -> {
      oss.putObject(BUCKET, prefix + "/put", bytes("put body"));
      return null;
    });
    for (String[] a : new String[][] {{"append0", "abc", "0"}, {"append3", "defg", "3"}, {"appendWrong", "defg", "3"}}) {
      d.step(a[0], () -> {
        AppendObjectRequest req = new AppendObjectRequest(BUCKET, log, bytes(a[1]));
        req.setPosition(Long.parseLong(a[2]));
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put("nextPosition", oss.appendObject(req).getNextPosition());
        return obs;
      });
    }
    d.step("head", () -> {
      ObjectMetadata m = oss.getObjectMetadata(BUCKET, log);
      Map<String, Object> obs = new LinkedHashMap<>();
      obs.put("contentLength", m.getContentLength());
      obs.put("objectType", m.getObjectType());
      Object next = m.getRawMetadata().get("x-oss-next-append-position");
      if (next != null) obs.put("nextPosition", Long.parseLong(next.toString()));
      return obs;
    });
    String[] etag = {""};
    d.step("meta", () -> {
      SimplifiedObjectMeta m = oss.getSimplifiedObjectMeta(BUCKET, log);
      etag[0] = m.getETag();
      Map<String, Object> obs = new LinkedHashMap<>();
      obs.put("contentLength", m.getSize());
      obs.put("etag", m.getETag());
      return obs;
    });
    d.step("range", () -> {
      GetObjectRequest req = new GetObjectRequest(BUCKET, log);
      req.setRange(1, 3);
      return read(oss.getObject(req));
    });
    d.step("badRange", () -> {
      GetObjectRequest req = new GetObjectRequest(BUCKET, log);
      req.setRange(100, 200);
      return read(oss.getObject(req));
    });
    d.step("override", () -> {
      GetObjectRequest req = new GetObjectRequest(BUCKET, log);
      ResponseHeaderOverrides overrides = new ResponseHeaderOverrides();
      overrides.setContentType("text/x-acceptance");
      req.setResponseHeaders(overrides);
      return read(oss.getObject(req));
    });
    d.step("notModified", () -> {
      GetObjectRequest req = new GetObjectRequest(BUCKET, log);
      req.setNonmatchingETagConstraints(List.of(etag[0]));
      return read(oss.getObject(req));
    });
    d.step("preconditionFailed", () -> {
      GetObjectRequest req = new GetObjectRequest(BUCKET, log);
      req.setMatchingETagConstraints(List.of("\"wrong-etag\""));
      return read(oss.getObject(req));
    });
    for (String[] e : new String[][] {{"exists", log}, {"missing", prefix + "/never-written"}}) {
      d.step(e[0], () -> {
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put("exists", oss.doesObjectExist(BUCKET, e[1]));
        return obs;
      });
    }
    d.step("delete", () -> {
      oss.deleteObject(BUCKET, prefix + "/put");
      return null;
    });
    d.step("gone", () -> {
      oss.getObjectMetadata(BUCKET, prefix + "/put");
      return null;
    });
    d.step("stsPut", () -> {
      sts.putObject(BUCKET, prefix + "/sts", bytes("sts body"));
      return null;
    });
    d.step("stsGet", () -> read(sts.getObject(BUCKET, prefix + "/sts")));
    d.step("stsWrong", () -> read(wrong.getObject(BUCKET, prefix + "/sts")));
    // The characters SDKs encode differently (scenario.ts's ODD_NAME).
    String odd = prefix + "/odd key +~=&%!*'();,\u00fc\u4e2d.txt";
    d.step("oddPut", () -> {
      oss.putObject(BUCKET, odd, bytes("odd body"));
      return null;
    });
    d.step("oddGet", () -> read(oss.getObject(BUCKET, odd)));

    Date expiration = new Date(System.currentTimeMillis() + 600_000);
    List<String> presign = new ArrayList<>();
    for (Object[] p : new Object[][] {{oss, false}, {sts, true}}) {
      d.calls++;
      String url = ((OSS) p[0]).generatePresignedUrl(BUCKET, log, expiration).toString();
      presign.add("{\"scheme\":" + json(scheme) + ",\"sts\":" + p[1] + ",\"url\":" + json(url) + "}");
    }
    String putKey = prefix + "/presigned-put";
    d.calls++;
    String putUrl = oss.generatePresignedUrl(BUCKET, putKey, expiration, com.aliyun.oss.HttpMethod.PUT).toString();
    presign.add("{\"scheme\":" + json(scheme) + ",\"sts\":false,\"method\":\"PUT\",\"key\":" + json(putKey) + ",\"url\":" + json(putUrl) + "}");
    oss.shutdown();
    sts.shutdown();
    wrong.shutdown();

    StringBuilder out = new StringBuilder("{\"sdk\":\"aliyun-sdk-oss\",\"variant\":").append(json(addressing + " " + scheme));
    out.append(",\"calls\":").append(d.calls).append(",\"order\":[");
    for (int i = 0; i < d.order.size(); i++) out.append(i > 0 ? "," : "").append(json(d.order.get(i)));
    out.append("],\"steps\":{");
    int i = 0;
    for (Map.Entry<String, Map<String, Object>> e : d.steps.entrySet()) {
      out.append(i++ > 0 ? "," : "").append(json(e.getKey())).append(":{");
      int j = 0;
      for (Map.Entry<String, Object> f : e.getValue().entrySet()) {
        if (f.getValue() == null) continue;
        out.append(j++ > 0 ? "," : "").append(json(f.getKey())).append(":");
        out.append(f.getValue() instanceof Number || f.getValue() instanceof Boolean ? f.getValue().toString() : json(f.getValue().toString()));
      }
      out.append("}");
    }
    out.append("},\"presign\":[").append(String.join(",", presign)).append("]}");
    System.out.println(out);
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
