/**
 * Reports each Task invocation as a `TaskScheduled` event carrying the resolved Parameters it was invoked
 * with. The runner reports its own events asynchronously, so an invocation may be seen before the
 * StateEntered/StateRetried it belongs to: each is paired by count and emitted right after its event.
 */
import type { ExecutionEvent } from './execution-history.js';

interface Attempts {
  /** StateEntered and StateRetried events delivered: one per invocation to come. */
  opened: number;
  invoked: unknown[];
  emitted: number;
}

export class TaskScheduling {
  private readonly attempts = new Map<string, Attempts>();

  constructor(private readonly emit: (event: ExecutionEvent) => void) {}

  /** Call after delivering each runner event. */
  delivered(event: ExecutionEvent): void {
    const state = event.state;
    if (state?.type !== 'Task' || (event.type !== 'StateEntered' && event.type !== 'StateRetried')) return;
    this.of(state.name).opened += 1;
    this.flush(state.name);
  }

  /** Call when a Task state's override runs, with the input it got (its resolved Parameters). */
  invoked(stateName: string, parameters: unknown): void {
    this.of(stateName).invoked.push(parameters);
    this.flush(stateName);
  }

  private of(stateName: string): Attempts {
    let attempts = this.attempts.get(stateName);
    if (!attempts) this.attempts.set(stateName, (attempts = { opened: 0, invoked: [], emitted: 0 }));
    return attempts;
  }

  private flush(stateName: string): void {
    const attempts = this.of(stateName);
    while (attempts.emitted < attempts.opened && attempts.emitted < attempts.invoked.length) {
      const parameters = attempts.invoked[attempts.emitted++];
      this.emit({
        type: 'TaskScheduled',
        timestamp: Date.now(),
        state: { name: stateName, type: 'Task', input: parameters },
        parameters,
      });
    }
  }
}
