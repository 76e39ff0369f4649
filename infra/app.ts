/** CDK entry point (cdk.json runs it): `npx cdk synth`, `npx cdk deploy -c senderEmail=...`. */
import { createAudioSyncApp } from './audio-sync-app.js';

createAudioSyncApp();
