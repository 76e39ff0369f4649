/**
 * The service's business metrics: one Powertools Metrics instance (EMF lines on stdout, which CloudWatch
 * turns into metrics in the `AudioSync` namespace), the names it publishes and a flush per invocation.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'AudioSync';

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'audio-sync' });

/** Job outcomes, one count per job: an idempotent replay of the same effect counts nothing. */
export type JobMetric = 'JobsSubmitted' | 'JobsDelivered' | 'JobsRejected' | 'JobsFailed';

export function countJob(metric: JobMetric): void {
  metrics.addMetric(metric, MetricUnit.Count, 1);
}

/** A rendition served from S3 without extracting it again. */
export function countCacheHit(): void {
  metrics.addMetric('CacheHits', MetricUnit.Count, 1);
}

/** One extraction that ran ffmpeg and uploaded its output. */
export function recordExtraction(seconds: number, bytes: number): void {
  metrics.addMetric('ExtractionSeconds', MetricUnit.Seconds, seconds);
  metrics.addMetric('ExtractedBytes', MetricUnit.Bytes, bytes);
}

/** Writes what this invocation recorded; nothing when it recorded nothing (Powertools would warn). */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
