import { Metrics } from '@aws-lambda-powertools/metrics';
import { type RunFacts, RunMetrics } from '../../lambda/adapters/metrics/run-metrics';

/** Run metrics that keep the facts each invocation's metrics were written from, instead of writing EMF. */
export class RecordingMetrics extends RunMetrics {
  readonly facts: RunFacts[] = [];

  constructor() {
    super(new Metrics({ namespace: 'test' }));
  }

  override publish(facts: RunFacts): void {
    this.facts.push(facts);
  }
}
