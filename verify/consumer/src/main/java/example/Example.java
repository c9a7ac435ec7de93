package example;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cvxrelu.api.Certificate;
import org.cvxrelu.api.ConvexReluModel;
import org.cvxrelu.api.ConvexReluRegressor;

public class Example {
    public static void main(String[] args) throws Exception {
        double[][] x = { { -1.0, 0.5 }, { 0.0, 1.0 }, { 1.0, -0.5 }, { 2.0, 0.0 }, { 0.5, 2.0 } };
        double[] y = { 0.0, 0.8, 1.1, 2.1, 1.5 };

        ConvexReluModel model = ConvexReluRegressor.builder().beta(0.1).build().fit(x, y);

        Certificate c = model.certificate().orElseThrow();
        System.out.printf("objective %.10f, lower bound %.10f, gap %.1e, certified %b over %s, %d neurons%n",
                c.objective(), c.lowerBound(), c.relativeGap(), c.certified(), c.scope(), model.width());
        System.out.printf("R² %.4f, f(1, 1) = %.4f%n", model.score(x, y), model.predict(new double[] { 1, 1 }));

        Path file = Files.createTempFile("net", ".json");
        try {
            model.save(file);                 // the cvxrelu.net/1 file: `cvxrelu predict` reads it too
            ConvexReluModel back = ConvexReluModel.load(file);
            System.out.println(back.predict(new double[] { 1, 1 }) == model.predict(new double[] { 1, 1 }));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
