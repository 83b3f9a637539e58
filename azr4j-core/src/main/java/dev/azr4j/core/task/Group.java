package dev.azr4j.core.task;

import java.util.ArrayList;
import java.util.List;

/** One of the six (task type × role) groups TRR++ normalises advantages within. */
public record Group(TaskType type, Role role) {

    /** All six groups in step order: for each task type, propose then solve. */
    public static final List<Group> ALL;

    static {
        List<Group> all = new ArrayList<>();
        for (TaskType t : TaskType.STEP_ORDER) {
            all.add(new Group(t, Role.PROPOSE));
            all.add(new Group(t, Role.SOLVE));
        }
        ALL = List.copyOf(all);
    }

    /** e.g. {@code "propose/abduction"}; the metric prefix of this group. */
    public String id() {
        return role.id() + "/" + type.id();
    }
}
