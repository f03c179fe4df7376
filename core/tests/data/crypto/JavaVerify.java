// Records what JDK 17 does with each fixture pair: java JavaVerify.java <dir>
// Writes <dir>/java.tsv: name <tab> ok | fail | issuer-unparseable | leaf-unparseable <tab> detail
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

public class JavaVerify {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<String> out = new ArrayList<>();
        out.add("# name\tJDK " + System.getProperty("java.version") + " X509Certificate.verify outcome\tdetail");
        for (String line : Files.readAllLines(dir.resolve("cases.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String name = line.split("\t")[0];
            String result;
            X509Certificate issuer;
            X509Certificate leaf;
            try {
                issuer = (X509Certificate) cf.generateCertificate(
                        new ByteArrayInputStream(Files.readAllBytes(dir.resolve(name + ".issuer.der"))));
            } catch (Exception e) {
                out.add(name + "\tissuer-unparseable\t" + describe(e));
                continue;
            }
            try {
                leaf = (X509Certificate) cf.generateCertificate(
                        new ByteArrayInputStream(Files.readAllBytes(dir.resolve(name + ".leaf.der"))));
            } catch (Exception e) {
                out.add(name + "\tleaf-unparseable\t" + describe(e));
                continue;
            }
            try {
                leaf.verify(issuer.getPublicKey());
                result = "ok\t" + leaf.getSigAlgName() + " " + issuer.getPublicKey().getAlgorithm();
            } catch (Exception e) {
                result = "fail\t" + leaf.getSigAlgName() + " " + describe(e);
            }
            out.add(name + "\t" + result);
        }
        Files.write(dir.resolve("java.tsv"), out);
    }

    static String describe(Throwable e) {
        String s = e.getClass().getSimpleName() + ": " + e.getMessage();
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
