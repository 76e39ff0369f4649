import { afterAll } from 'vitest';
import { removeTempDirectories } from './media.js';

// Every test runs offline: no credential lookup may reach the EC2 metadata address.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_REGION ??= 'us-east-1';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// The SDK's notice that its 2027 releases need Node 22 (the SDK's own switch; every other warning stays).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Each test file's temporary folders go when the file is done; test/support/temp-check.ts catches the rest.
afterAll(removeTempDirectories);
