package dev.azr4j.model.train;

import dev.azr4j.model.io.CheckpointException;
import dev.azr4j.model.io.NamedTensor;
import dev.azr4j.model.nn.ModelWeights;
import dev.azr4j.model.nn.Parallel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * AdamW with PyTorch's semantics: decoupled weight decay {@code θ ← θ(1 − lr·wd)}, moments with
 * bias correction, {@code θ ← θ − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)}. State (step count and both
 * moments of every parameter) is saved to a small binary file with a CRC32 checksum.
 */
public final class AdamW {
    private static final byte[] MAGIC = {'A', 'Z', 'R', '4', 'J', 'O', 'P', 'T'};
    private static final int VERSION = 1;

    /** β1, β2, ε and the decoupled weight decay; {@link #defaults()} are PyTorch's but with wd 0.01. */
    public record Hyper(double beta1, double beta2, double eps, double weightDecay) {
        public Hyper {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("bad AdamW hyperparameters " + this);
            }
        }

        public static Hyper defaults() {
            return new Hyper(0.9, 0.999, 1e-8, 0.01);
        }
    }

    private final List<NamedTensor> params;
    private final Hyper hyper;
    private final float[][] m;
    private final float[][] v;
    private final Parallel par;
    private long step;

    /** An optimizer for every parameter of {@code model}, computing on the model's thread pool. */
    public AdamW(dev.azr4j.model.nn.Transformer model, Hyper hyper) {
        this(model.weights(), hyper, model.parallel());
    }

    public AdamW(ModelWeights weights, Hyper hyper, Parallel par) {
        this.params = weights.tensors();
        this.hyper = hyper;
        this.par = par;
        m = new float[params.size()][];
        v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).numel()];
            v[i] = new float[params.get(i).numel()];
        }
    }

    /** Number of updates taken so far. */
    public long steps() {
        return step;
    }

    public Hyper hyper() {
        return hyper;
    }

    /** One update of every parameter with gradient {@code grads} (same model layout) at learning rate {@code lr}. */
    public void step(ModelWeights grads, double lr) {
        List<NamedTensor> g = grads.tensors();
        if (g.size() != params.size()) throw new IllegalArgumentException("gradient does not match the parameters");
        step++;
        double b1 = hyper.beta1(), b2 = hyper.beta2();
        double bc1 = 1 - Math.pow(b1, step), bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
        float stepSize = (float) (lr / bc1);
        float decay = (float) (1 - lr * hyper.weightDecay());
        float fb1 = (float) b1, fb2 = (float) b2, omb1 = (float) (1 - b1), omb2 = (float) (1 - b2);
        float invBc2Sqrt = (float) (1 / bc2Sqrt), eps = (float) hyper.eps();
        for (int i = 0; i < params.size(); i++) {
            float[] p = params.get(i).data(), gr = g.get(i).data(), mi = m[i], vi = v[i];
            if (gr.length != p.length) throw new IllegalArgumentException("gradient " + g.get(i).name() + " has the wrong size");
            par.forChunks(p.length, (c, from, to) -> {
                for (int j = from; j < to; j++) {
                    float gj = gr[j];
                    float mj = fb1 * mi[j] + omb1 * gj;
                    float vj = fb2 * vi[j] + omb2 * gj * gj;
                    mi[j] = mj;
                    vi[j] = vj;
                    float denom = (float) Math.sqrt(vj) * invBc2Sqrt + eps;
                    p[j] = p[j] * decay - stepSize * mj / denom;
                }
            });
        }
    }

    /** Writes the state to {@code file} atomically (a temporary file renamed into place). */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32 crc = new CRC32();
        try (OutputStream fos = Files.newOutputStream(tmp);
             CheckedOutputStream cos = new CheckedOutputStream(new BufferedOutputStream(fos, 1 << 16), crc);
             DataOutputStream out = new DataOutputStream(cos)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(step);
            out.writeDouble(hyper.beta1());
            out.writeDouble(hyper.beta2());
            out.writeDouble(hyper.eps());
            out.writeDouble(hyper.weightDecay());
            out.writeInt(params.size());
            for (int i = 0; i < params.size(); i++) {
                out.writeUTF(params.get(i).name());
                out.writeInt(m[i].length);
                writeFloats(out, m[i]);
                writeFloats(out, v[i]);
            }
            out.flush();
            // the checksum covers everything before it
            new DataOutputStream(fos).writeLong(crc.getValue());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Restores the state written by {@link #save}. The file must have been written for the same
     * parameters (names and sizes); a truncated or corrupt file is refused and the state is left
     * as it was.
     */
    public void load(Path file) throws CheckpointException {
        if (!Files.isRegularFile(file)) throw new CheckpointException("optimizer state not found: " + file);
        CRC32 crc = new CRC32();
        float[][] nm = new float[params.size()][], nv = new float[params.size()][];
        long newStep;
        try (InputStream fis = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             CheckedInputStream cis = new CheckedInputStream(fis, crc);
             DataInputStream in = new DataInputStream(cis)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new CheckpointException(file + ": not an azr4j optimizer state file");
            int version = in.readInt();
            if (version != VERSION) throw new CheckpointException(file + ": optimizer state version " + version + " is not supported");
            newStep = in.readLong();
            double b1 = in.readDouble(), b2 = in.readDouble(), eps = in.readDouble(), wd = in.readDouble();
            if (b1 != hyper.beta1() || b2 != hyper.beta2() || eps != hyper.eps() || wd != hyper.weightDecay()) {
                // the moments are still valid; the hyperparameters in force are this optimizer's
                org.slf4j.LoggerFactory.getLogger(AdamW.class).warn("{}: saved with AdamW({}, {}, {}, wd {}), continuing with {}",
                        file, b1, b2, eps, wd, hyper);
            }
            int count = in.readInt();
            if (count != params.size()) {
                throw new CheckpointException(file + ": holds state for " + count + " tensors, the model has " + params.size());
            }
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int n = in.readInt();
                NamedTensor p = params.get(i);
                if (!name.equals(p.name()) || n != p.numel()) {
                    throw new CheckpointException(file + ": tensor " + i + " is " + name + " [" + n + "] but the model has "
                            + p.name() + " [" + p.numel() + "]");
                }
                nm[i] = readFloats(in, n);
                nv[i] = readFloats(in, n);
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(fis).readLong();
            if (stored != expected) throw new CheckpointException(file + ": checksum mismatch (the file is corrupt)");
            if (fis.read() != -1) throw new CheckpointException(file + ": trailing bytes after the checksum (the file is corrupt)");
        } catch (EOFException e) {
            throw new CheckpointException(file + ": optimizer state is truncated", e);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file + ": cannot read optimizer state (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(nm[i], 0, m[i], 0, m[i].length);
            System.arraycopy(nv[i], 0, v[i], 0, v[i].length);
        }
        step = newStep;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < a.length; ) {
            int n = Math.min(a.length - i, buf.capacity() / 4);
            buf.clear();
            buf.asFloatBuffer().put(a, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] a = new float[n];
        byte[] bytes = new byte[1 << 16];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; ) {
            int k = Math.min(n - i, bytes.length / 4);
            in.readFully(bytes, 0, k * 4);
            buf.clear();
            buf.asFloatBuffer().get(a, i, k);
            i += k;
        }
        return a;
    }
}
