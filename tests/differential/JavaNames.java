// Prints Java's rendering of certificate subjects, for the differential fixture.
//
// stdin:  one line per certificate, "<id>\t<base64 DER>"
// stdout: one JSON object per line, {"id": ..., "subject": X500Principal.toString() | null,
//         "error": exception text | null}
//
// HttpClient 4.5.2's SSLConnectionSocketFactory puts
// x509.getSubjectX500Principal().toString() of the leaf into its
// "Host name '<h>' does not match the certificate subject provided by the peer (...)"
// message; the oracle in this workplace lacks 4.5.2, so make_expected.py builds that
// message itself and takes the subject rendering from here.
// Run with the single-file source launcher: java JavaNames.java < in > out
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

public class JavaNames {
    public static void main(String[] args) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String id = line.substring(0, tab);
            String subject = null;
            String error = null;
            try {
                byte[] der = Base64.getDecoder().decode(line.substring(tab + 1));
                X509Certificate c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
                subject = c.getSubjectX500Principal().toString();
            } catch (Exception e) {
                error = e.toString();
            }
            out.println("{\"id\":" + q(id) + ",\"subject\":" + q(subject) + ",\"error\":" + q(error) + "}");
        }
        out.flush();
    }

    /** JSON string literal (or null); every non-ASCII char as \\uXXXX so any JSON reader agrees. */
    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
