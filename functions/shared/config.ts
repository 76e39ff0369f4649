/**
 * Configuration: each function declares the environment variables it reads as a zod shape built from
 * the fields below, and parses `process.env` once. A missing or bad variable fails at start, naming it.
 * The CDK app gives each function exactly the variables of its shape (test/infra checks they agree).
 */
import * as z from 'zod';
import { ConfigError } from './errors.js';
import { DEFAULT_YOUTUBE_CLIENTS, SUPPORTED_CLIENTS } from './media/youtube/clients.js';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

/** `host:port` entries, lower case, IPv6 in brackets: the form address-policy compares against. */
const hostPortEntry = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/, 'host:port');

/** `true`, `false` (or 1/0), or a comma-separated list of `host:port` allowed although private. */
const privateSources = z
  .string()
  .default('false')
  .transform((value, context): boolean | string[] => {
    const text = value.trim();
    if (['true', '1'].includes(text)) return true;
    if (['false', '0', ''].includes(text)) return false;
    const entries = text.split(',').map((entry) => hostPortEntry.safeParse(entry));
    if (entries.every((entry) => entry.success)) return entries.map((entry) => entry.data);
    context.addIssue({ code: 'custom', message: 'true, false, or a comma-separated list of host:port' });
    return z.NEVER;
  });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const name = z.string().trim().min(1);
const httpUrl = z.url({ protocol: /^https?$/ });

/** Every variable any function reads, with its rule and default. Functions pick the ones they need. */
export const envFields = {
  JOBS_TABLE: name,
  MEDIA_TABLE: name,
  IDEMPOTENCY_TABLE: name,
  REQUESTS_TABLE: name,
  SUPPRESSION_TABLE: name,
  /** The SES configuration set every email is sent with (bounce and complaint events, suppression). */
  SES_CONFIGURATION_SET: z.string().trim().min(1).optional(),
  MEDIA_BUCKET: name,
  JOBS_QUEUE_URL: httpUrl,
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  /** Base URL of the HTTP API, used in status URLs and email links. */
  PUBLIC_API_URL: httpUrl,
  /** Verified SES identity that sends the emails. */
  SENDER_EMAIL: z.email(),
  /** How long an emailed download link stays valid. */
  LINK_TTL_HOURS: positiveInt(168),
  /** Lifetime of the presigned S3 URL a download link redirects to. */
  DOWNLOAD_URL_TTL_SECONDS: positiveInt(300),
  /** How long a job item is kept (DynamoDB TTL). */
  JOB_TTL_DAYS: positiveInt(30),
  MAX_DURATION_SECONDS: positiveInt(1800),
  /** Jobs accepted per recipient address per clock hour (abuse limit: mail bombing one inbox). */
  RECIPIENT_JOBS_PER_HOUR: positiveInt(10),
  /** Jobs accepted per client (IAM caller, else source IP) per clock hour. */
  CLIENT_JOBS_PER_HOUR: positiveInt(60),
  /** Order of the YouTube drivers tried; the next takes over when one breaks. */
  YOUTUBE_DRIVERS: z
    .string()
    .default('youtubei,ytdlp')
    .transform((value) => value.split(',').map((driver) => driver.trim()))
    .pipe(z.array(z.enum(['youtubei', 'ytdlp'])).min(1)),
  /** InnerTube clients youtubei.js asks, in order, until one gives a downloadable audio format. */
  YOUTUBE_CLIENTS: z
    .string()
    .default(DEFAULT_YOUTUBE_CLIENTS.join(','))
    .transform((value) => value.split(',').map((client) => client.trim().toUpperCase()))
    .pipe(z.array(z.enum(SUPPORTED_CLIENTS)).min(1)),
  /** Netscape-format or header-format cookies for YouTube, when its bot check asks for a signed-in session. */
  YOUTUBE_COOKIES: z.string().optional(),
  /** Egress proxy for source traffic (YouTube blocks many datacenter IPs). */
  SOURCE_PROXY_URL: z.url({ protocol: /^(https?|socks5h?)$/ }).optional(),
  YTDLP_PATH: z.string().min(1).optional(),
  /** yt-dlp's `--extractor-args youtube:player_client=…` (e.g. `tv,web_safari`); unset: yt-dlp's own choice. */
  YTDLP_PLAYER_CLIENTS: z
    .string()
    .trim()
    .regex(/^[a-z_-]+(,[a-z_-]+)*$/, 'a comma-separated list of yt-dlp client names')
    .optional(),
  FFMPEG_PATH: z.string().min(1).optional(),
  FFPROBE_PATH: z.string().min(1).optional(),
  /** Private (loopback, RFC 1918, ...) source addresses: all, none, or listed `host:port`; never link-local or metadata. */
  ALLOW_PRIVATE_SOURCES: privateSources,
  /** Source kinds accepted (besides `file:`, which ALLOW_FILE_SOURCES governs). */
  SOURCE_KINDS: z
    .string()
    .default('youtube,http')
    .transform((value) => value.split(',').map((kind) => kind.trim()))
    .pipe(z.array(z.enum(['youtube', 'http'])).min(1)),
  /** Bytes one source may send (every request of one probe or extraction together). */
  SOURCE_MAX_BYTES: positiveInt(1024 * 1024 * 1024),
  /** How long reading one source may take at extraction, however slowly it sends. */
  SOURCE_READ_TIMEOUT_SECONDS: positiveInt(600),
  /** Allow `file://` sources: the local stack only. */
  ALLOW_FILE_SOURCES: flag,
} as const;

export type EnvFieldName = keyof typeof envFields;

/** The variables the media source drivers read (validate and extract both resolve sources). */
export const mediaSourceFields = {
  YOUTUBE_DRIVERS: envFields.YOUTUBE_DRIVERS,
  YOUTUBE_CLIENTS: envFields.YOUTUBE_CLIENTS,
  YOUTUBE_COOKIES: envFields.YOUTUBE_COOKIES,
  SOURCE_PROXY_URL: envFields.SOURCE_PROXY_URL,
  YTDLP_PATH: envFields.YTDLP_PATH,
  YTDLP_PLAYER_CLIENTS: envFields.YTDLP_PLAYER_CLIENTS,
  FFMPEG_PATH: envFields.FFMPEG_PATH,
  FFPROBE_PATH: envFields.FFPROBE_PATH,
  ALLOW_PRIVATE_SOURCES: envFields.ALLOW_PRIVATE_SOURCES,
  ALLOW_FILE_SOURCES: envFields.ALLOW_FILE_SOURCES,
  SOURCE_KINDS: envFields.SOURCE_KINDS,
  SOURCE_MAX_BYTES: envFields.SOURCE_MAX_BYTES,
  SOURCE_READ_TIMEOUT_SECONDS: envFields.SOURCE_READ_TIMEOUT_SECONDS,
};

/** Picks fields by name, so a function's schema reads as the list of variables it uses. */
export function pickFields<K extends EnvFieldName>(...names: K[]): Pick<typeof envFields, K> {
  return Object.fromEntries(names.map((key) => [key, envFields[key]])) as Pick<typeof envFields, K>;
}

export interface ConfigDefinition<S extends z.ZodRawShape> {
  /** The variable names this function reads, for the CDK app and its tests. */
  readonly variables: (keyof S & string)[];
  readonly schema: z.ZodObject<S>;
  /** Parses `env` (default `process.env`) once and caches it; throws ConfigError naming each bad variable. */
  load(env?: NodeJS.ProcessEnv): z.infer<z.ZodObject<S>>;
  /** Forgets the cached value (tests change the environment between cases). */
  reset(): void;
}

export function defineConfig<S extends z.ZodRawShape>(shape: S): ConfigDefinition<S> {
  const schema = z.object(shape);
  let cached: z.infer<typeof schema> | undefined;
  return {
    variables: Object.keys(shape) as (keyof S & string)[],
    schema,
    load(env = process.env) {
      if (cached) return cached;
      const parsed = schema.safeParse(env);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => {
          const variable = issue.path.join('.');
          return env[variable] === undefined ? `${variable} is required` : `${variable}: ${issue.message}`;
        });
        throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
      }
      cached = parsed.data;
      return cached;
    },
    reset() {
      cached = undefined;
    },
  };
}

/** The suffix of a variable given by reference to a Secrets Manager secret or an SSM parameter ARN. */
export const SECRET_REFERENCE_SUFFIX = '_SECRET_ARN';

export type SecretReader = (arn: string) => Promise<string | undefined>;

/**
 * Replaces each `<NAME>_SECRET_ARN` reference among `variables` with the secret's value as `NAME`, before
 * the first `load()`: secrets (YouTube cookies, proxy credentials) never sit in the function's settings.
 */
export async function resolveSecretReferences(
  variables: readonly string[],
  readSecret: SecretReader,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await Promise.all(
    variables.map(async (variable) => {
      const arn = env[`${variable}${SECRET_REFERENCE_SUFFIX}`];
      if (!arn || env[variable] !== undefined) return;
      const value = await readSecret(arn);
      if (value === undefined)
        throw new ConfigError(`${variable}${SECRET_REFERENCE_SUFFIX}: ${arn} has no value`);
      env[variable] = value;
    }),
  );
}
