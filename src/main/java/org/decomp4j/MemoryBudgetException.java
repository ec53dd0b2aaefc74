package org.decomp4j;

/**
 * No driver can carry out the request within the memory budget. Raised by the planner before
 * anything is allocated; the message lists what each candidate would need.
 */
public class MemoryBudgetException extends DecompositionException {
    private static final long serialVersionUID = 1L;
    /** Least memory any candidate driver needs, bytes. */
    private final long neededBytes;
    /** The budget in force, bytes. */
    private final long budgetBytes;

    /**
     * @param neededBytes least memory any candidate driver needs
     * @param budgetBytes the budget in force
     * @param message     full message
     */
    public MemoryBudgetException(long neededBytes, long budgetBytes, String message) {
        super("planner", message);
        this.neededBytes = neededBytes;
        this.budgetBytes = budgetBytes;
    }

    /**
     * Least number of bytes any candidate driver would allocate.
     *
     * @return bytes
     */
    public long neededBytes() {
        return neededBytes;
    }

    /**
     * The budget in force, in bytes.
     *
     * @return bytes
     */
    public long budgetBytes() {
        return budgetBytes;
    }
}
