/**
 * Deployment settings, read from CDK context (`-c name=value` or cdk.json) and checked with the same
 * rules the functions apply to their environment, so a bad value fails at synth, not at run time.
 */
import * as z from 'zod';
import { canaryConfig } from '../functions/canary/config.js';
import { envFields } from '../functions/shared/config.js';

/** Placeholder sender for offline synth; a deploy passes a verified identity with `-c senderEmail=...`. */
export const PLACEHOLDER_SENDER_EMAIL = 'no-reply@example.com';

/** How `POST /jobs` is authorised (`-c apiAuth=`). */
export const API_AUTH_MODES = ['none', 'iam'] as const;
export type ApiAuthMode = (typeof API_AUTH_MODES)[number];

/** A Secrets Manager secret or an SSM parameter, by ARN (the functions resolve it at start). */
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:|ssm:[a-z0-9-]+:\d{12}:parameter\/).+/,
    'a Secrets Manager secret or SSM parameter ARN',
  );
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const contextSchema = z.object({
  senderEmail: envFields.SENDER_EMAIL.default(PLACEHOLDER_SENDER_EMAIL),
  /** The verified SES identity the sender belongs to: the address itself, or its domain. */
  senderIdentity: z.string().trim().min(3).optional(),
  /** Public base URL when a custom domain fronts the API; defaults to the API's own endpoint. */
  publicApiUrl: envFields.PUBLIC_API_URL.optional(),
  alarmEmail: z.email().optional(),
  linkTtlHours: envFields.LINK_TTL_HOURS,
  downloadUrlTtlSeconds: envFields.DOWNLOAD_URL_TTL_SECONDS,
  jobTtlDays: envFields.JOB_TTL_DAYS,
  maxDurationSeconds: envFields.MAX_DURATION_SECONDS,
  /** Jobs accepted per recipient address per hour. */
  recipientJobsPerHour: envFields.RECIPIENT_JOBS_PER_HOUR,
  /** Jobs accepted per client (IAM caller, else source IP) per hour. */
  clientJobsPerHour: envFields.CLIENT_JOBS_PER_HOUR,
  /** Kept as the comma-separated text the functions parse; checked with their rule. */
  youtubeDrivers: z
    .string()
    .optional()
    .refine((value) => envFields.YOUTUBE_DRIVERS.safeParse(value).success, 'a list of youtubei, ytdlp'),
  /** Kept as the comma-separated text the functions parse; checked with their rule. */
  youtubeClients: z
    .string()
    .optional()
    .refine(
      (value) => envFields.YOUTUBE_CLIENTS.safeParse(value).success,
      'a list of youtubei.js client names',
    ),
  /**
   * Source kinds accepted: YouTube only by default, since a public form that fetches any URL is an open
   * relay for bandwidth and a standing probe of what the functions can reach; `youtube,http` opts in.
   */
  sourceKinds: z
    .string()
    .default('youtube')
    .refine((value) => envFields.SOURCE_KINDS.safeParse(value).success, 'a list of youtube, http'),
  sourceMaxBytes: envFields.SOURCE_MAX_BYTES,
  sourceReadTimeoutSeconds: envFields.SOURCE_READ_TIMEOUT_SECONDS,
  /** Secrets Manager secret or SSM parameter holding the YouTube cookies. */
  youtubeCookiesSecretArn: secretArn.optional(),
  /** Secrets Manager secret or SSM parameter holding the egress proxy URL (it carries credentials). */
  sourceProxyUrlSecretArn: secretArn.optional(),
  logRetentionDays: positiveInt(30),
  /**
   * Extractions running at once: bounds ffmpeg cost and the egress rate towards the source. 0 reserves
   * nothing (new accounts with a 10-execution quota cannot reserve any).
   */
  extractReservedConcurrency: z.coerce.number().int().min(0).default(5),
  /**
   * The extract function's memory, which sets its vCPUs (one per 1,769 MB) and so its mp3 encoders. 1,769 MB
   * (one vCPU, one encoder) is the cheapest per job; 3,538 MB runs two encoders, about 25 % faster on
   * 30-minute mp3s for about 50 % more compute (`npm run bench`, README "Cost per 1,000 jobs").
   */
  extractMemoryMb: z.coerce.number().int().min(1024).max(10_240).default(1769),
  /** The yt-dlp release baked into the media image: the one setting to bump when YouTube changes. */
  ytdlpVersion: z
    .string()
    .regex(/^\d{4}\.\d{2}\.\d{2}(\.\d+)?$/, 'a yt-dlp release tag')
    .default('2026.08.19'),
  /** yt-dlp's YouTube player clients (`--extractor-args youtube:player_client=…`); unset: yt-dlp's defaults. */
  ytdlpPlayerClients: envFields.YTDLP_PLAYER_CLIENTS,
  /** Starter invocations the queue may drive at once (the event source mapping's minimum is 2). */
  starterMaxConcurrency: z.coerce.number().int().min(2).max(1000).default(5),
  /** The long-lived public video the YouTube canary validates and samples. */
  canaryVideoUrl: canaryConfig.schema.shape.CANARY_VIDEO_URL,
  /** Hours between canary runs; the YouTubeCanaryFailing alarm's period follows it. */
  canaryIntervalHours: z.coerce.number().int().min(1).max(24).default(6),
  /**
   * Who may submit jobs: `none` keeps `POST /jobs` open to the public web form; `iam` requires a SigV4
   * signature (an AWS_IAM authorizer) there, for API-triggered jobs only.
   */
  apiAuth: z
    .enum(API_AUTH_MODES, { error: () => 'either none (public form) or iam (SigV4)' })
    .default('none'),
  apiRateLimit: positiveInt(10),
  apiBurstLimit: positiveInt(20),
});

export type Settings = z.infer<typeof contextSchema> & {
  /** The SES identity `ses:SendEmail` is scoped to. */
  senderIdentity: string;
};

/** Variables a function may receive by reference (`<NAME>_SECRET_ARN`) instead of by value. */
export function secretReferences(
  settings: Settings,
): Partial<Record<'YOUTUBE_COOKIES' | 'SOURCE_PROXY_URL', string>> {
  return {
    ...(settings.youtubeCookiesSecretArn && { YOUTUBE_COOKIES: settings.youtubeCookiesSecretArn }),
    ...(settings.sourceProxyUrlSecretArn && { SOURCE_PROXY_URL: settings.sourceProxyUrlSecretArn }),
  };
}

/** Reads the settings from a context lookup (`node.tryGetContext`); throws naming each bad key. */
export function readSettings(lookup: (key: string) => unknown): Settings {
  const raw = Object.fromEntries(
    Object.keys(contextSchema.shape)
      .map((key) => [key, lookup(key)] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `-c ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  }
  return { ...parsed.data, senderIdentity: parsed.data.senderIdentity ?? parsed.data.senderEmail };
}

/** Days an object lives: the link's lifetime in whole days plus a margin, so no link outlives its file. */
export function objectExpiryDays(linkTtlHours: number, marginDays: number): number {
  return Math.ceil(linkTtlHours / 24) + marginDays;
}
