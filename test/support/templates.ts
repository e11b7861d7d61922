import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../cdk/gongkai-app';

/**
 * The app built with bundling skipped (esbuild runs in `npm run synth`): the templates are what the
 * infra tests assert on.
 */
export function synthesizedTemplates() {
  const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
  return { built, archive: Template.fromStack(built.archive), api: Template.fromStack(built.api) };
}
