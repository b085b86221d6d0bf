// How long the runtime guard's job may run: the construct deploys it, the contract states it.
/** The guard job's timeout unless the caller sets one. */
export const GUARD_TIMEOUT_SECONDS = 600;
/** How long before the job's timeout the sweep stops on its own (guard/runtime_guard.py SWEEP_MARGIN_SECONDS). */
export const GUARD_SWEEP_MARGIN_SECONDS = 60;
