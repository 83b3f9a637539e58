package dev.azr4j.core.run;

import dev.azr4j.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a run directory (DESIGN.md):
 * <pre>
 * RUN/config.yaml            the fully resolved configuration
 * RUN/metrics.jsonl          one JSON object per step, appended
 * RUN/checkpoints/step-N/    a complete checkpoint (published atomically)
 * RUN/buffers/T.jsonl        the validated tasks of task type T
 * RUN/samples/step-N.jsonl   a few prompts/completions/rewards per role
 * RUN/flags.jsonl            the safety monitor's flags
 * RUN/tensorboard/           TensorBoard event files (logging.tensorboard)
 * RUN/report.html            written by azr report
 * </pre>
 */
public final class RunDirectory {
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates {@code root} and its subdirectories if missing (an existing run is reused as it is). */
    public static RunDirectory create(Path root) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserException("the run directory " + root + " is a file; give a directory path");
        }
        RunDirectory run = new RunDirectory(root);
        Files.createDirectories(run.checkpoints());
        Files.createDirectories(run.buffers());
        Files.createDirectories(run.samples());
        for (Path dir : List.of(root, run.checkpoints(), run.buffers(), run.samples())) AtomicFiles.deleteLeftovers(dir);
        return run;
    }

    /** An existing run (one with a {@code config.yaml}), for resume, report and eval. */
    public static RunDirectory open(Path root) {
        RunDirectory run = new RunDirectory(root);
        if (!Files.isDirectory(root)) throw new UserException("no run directory at " + root);
        if (!Files.isRegularFile(run.config())) {
            throw new UserException(root + " is not an azr4j run directory (it has no config.yaml)");
        }
        return run;
    }

    /** Whether a run was started here (its {@code config.yaml} exists). */
    public static boolean holdsRun(Path root) {
        return Files.isRegularFile(root.resolve("config.yaml"));
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve("config.yaml");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path checkpoint(long step) {
        return checkpoints().resolve("step-" + step);
    }

    public Path buffers() {
        return root.resolve("buffers");
    }

    /** {@code RUN/buffers/T.jsonl} for a task type name such as {@code deduction}. */
    public Path buffer(String taskType) {
        return buffers().resolve(taskType + ".jsonl");
    }

    public Path samples() {
        return root.resolve("samples");
    }

    public Path samples(long step) {
        return samples().resolve("step-" + step + ".jsonl");
    }

    public Path report() {
        return root.resolve("report.html");
    }

    /** {@code RUN/flags.jsonl}: the safety monitor's flags, one per line. */
    public Path flags() {
        return root.resolve("flags.jsonl");
    }

    /** {@code RUN/tensorboard/}: TensorBoard event files ({@code logging.tensorboard}). */
    public Path tensorboard() {
        return root.resolve("tensorboard");
    }

    /** Steps of the complete checkpoints, ascending (temporary directories are not checkpoints). */
    public List<Long> checkpointSteps() throws IOException {
        List<Long> steps = new ArrayList<>();
        if (!Files.isDirectory(checkpoints())) return steps;
        try (var entries = Files.list(checkpoints())) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Matcher m = STEP_DIR.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) steps.add(Long.parseLong(m.group(1)));
            }
        }
        steps.sort(null);
        return steps;
    }

    /** The newest complete checkpoint directory. */
    public Optional<Path> latestCheckpoint() throws IOException {
        List<Long> steps = checkpointSteps();
        return steps.isEmpty() ? Optional.empty() : Optional.of(checkpoint(steps.getLast()));
    }

    /**
     * Writes the checkpoint of {@code step}: {@code writer} fills a temporary directory, which is
     * renamed to {@code checkpoints/step-N} when complete.
     */
    public Path publishCheckpoint(long step, AtomicFiles.IoConsumer<Path> writer) throws IOException {
        Path target = checkpoint(step);
        AtomicFiles.publishDirectory(target, writer);
        return target;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
