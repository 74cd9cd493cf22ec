import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;

/**
 * Draws GSA Explorer's icon: a grid of memory slots (rows) over tokens (columns) in the explorer's heatmap colours,
 * each slot fading as its forget gate decays it and lighting up where it is written, with the readout as a curve.
 * Run at packaging time as {@code java packaging/Icon.java OUT.png [SIZE]}; no file to keep in sync with the look.
 */
public final class Icon {
    public static void main(String[] args) throws IOException {
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double s = size / 256.0;
        g.scale(s, s);
        g.setColor(new Color(0x1d1f2b));
        g.fill(new RoundRectangle2D.Double(8, 8, 240, 240, 48, 48));
        int slots = 6, tokens = 8;
        double cell = 25, x0 = 28, y0 = 40;
        for (int m = 0; m < slots; m++) {
            double occupancy = 0;
            for (int t = 0; t < tokens; t++) {
                // slot m is written at token (m * 3 + 1) mod tokens and decays by its own gate afterwards
                boolean written = t == (m * 3 + 1) % tokens;
                occupancy = written ? 1 : occupancy * (0.55 + 0.07 * m);
                g.setColor(viridis(occupancy));
                g.fill(new RoundRectangle2D.Double(x0 + t * cell + 1.5, y0 + m * cell + 1.5, cell - 3, cell - 3, 6, 6));
            }
        }
        Path2D readout = new Path2D.Double();
        for (int t = 0; t <= 100; t++) {
            double x = x0 + t * tokens * cell / 100, y = 212 - 26 * Math.exp(-Math.pow((t - 62) / 14.0, 2)) - 4 * Math.sin(t / 6.0);
            if (t == 0) readout.moveTo(x, y);
            else readout.lineTo(x, y);
        }
        g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0xfde725));
        g.draw(readout);
        g.dispose();
        ImageIO.write(img, "png", new File(args[0]));
    }

    /** Five stops of matplotlib's viridis, linearly between. */
    private static Color viridis(double v) {
        int[] stops = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};
        double p = Math.max(0, Math.min(1, v)) * (stops.length - 1);
        int i = Math.min((int) p, stops.length - 2);
        double f = p - i;
        int a = stops[i], b = stops[i + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }
}
