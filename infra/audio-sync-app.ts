/**
 * Builds the CDK app: the stack from the context's settings, with the cdk-nag AwsSolutions checks as a
 * validation plugin, so synth fails on any finding that is not acknowledged with a reason.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AudioSyncStack } from './stack.js';
import { readSettings } from './settings.js';

export const STACK_NAME = 'AudioSync';

export function createAudioSyncApp(props?: AppProps): { app: App; stack: AudioSyncStack } {
  const app = new App(props);
  const settings = readSettings((key) => app.node.tryGetContext(key));
  const stack = new AudioSyncStack(app, STACK_NAME, {
    settings,
    description: 'Audio Sync: YouTube link in, audio file out, download link by email.',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
