import dev.azr4j.executor.*;
import dev.azr4j.core.gate.*;
import dev.azr4j.core.probe.*;
import java.util.*;
var items = ProbeFiles.builtin().stream().filter(i -> i.input() != null).limit(64).toList();
var ex = PythonExecutor.start(ExecutorOptions.defaults().withWorkers(2));
List<ExecRequest> base = new ArrayList<>();
List<ExecRequest> gated = new ArrayList<>();
var rng = new SplittableRandom(1);
for (var it : items) {
    base.add(new ExecRequest.Validate(it.code(), it.input()));
    gated.add(new ExecRequest.Validate(it.code(), it.input()));
    List<String> extras = InputVariants.of(it.input(), 3, rng.split());
    for (String e : extras) gated.add(new ExecRequest.Validate(it.code(), e));
    List<String> all = new ArrayList<>(List.of(it.input())); all.addAll(extras);
    gated.add(CanonicalForm.request(it.code(), all));
}
ex.execute(base); ex.execute(gated);
double[] tb = new double[7], tg = new double[7];
for (int r = 0; r < 7; r++) {
    long t0 = System.nanoTime(); ex.execute(base); tb[r] = (System.nanoTime() - t0) / 1e6;
    t0 = System.nanoTime(); ex.execute(gated); tg[r] = (System.nanoTime() - t0) / 1e6;
}
Arrays.sort(tb); Arrays.sort(tg);
System.out.println("requests base=" + base.size() + " gated=" + gated.size());
System.out.println("median ms base=" + tb[3] + " gated=" + tg[3] + " min base=" + tb[0] + " gated=" + tg[0]);
var probes = ProbeFiles.builtin().stream().map(ProbeItem::code).distinct().map(c -> CanonicalForm.request(c, List.of())).toList();
long t0 = System.nanoTime(); ex.execute(probes); System.out.println("first-step probe canonical forms: " + probes.size() + " in " + (System.nanoTime() - t0) / 1e6 + " ms");
ex.close();
/exit
