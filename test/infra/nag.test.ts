import { App, Validations } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../cdk/gongkai-app';
import { awsSolutionsChecks } from '../../cdk/nag-acknowledgements';

describe('cdk-nag AwsSolutions', () => {
  it('the app synthesizes with the pack applied: no unacknowledged error or warning', () => {
    // Bundling skipped; the templates are what is checked.
    const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    Validations.of(built.app).addPlugins(...awsSolutionsChecks(built.app));
    let failure = '';
    const log = console.error;
    const out: string[] = [];
    // The report is printed before synth throws: keep it as the failure message.
    console.error = (...a: unknown[]) => out.push(a.map(String).join(' '));
    try {
      built.app.synth();
    } catch (err) {
      failure = `${String(err)}\n${out.join('\n')}`;
    } finally {
      console.error = log;
    }
    expect(failure).toBe('');
    // Synthesizing every stack under the pack takes about 30 s on a busy two-core machine.
  }, 120_000);

  it('an unacknowledged finding fails the synth (the pack runs)', () => {
    const built = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    Validations.of(built.app).addPlugins(...awsSolutionsChecks(built.app));
    // A role with a wildcard action: AwsSolutions-IAM5.
    const { Role, ServicePrincipal, PolicyStatement } = require('aws-cdk-lib/aws-iam') as typeof import('aws-cdk-lib/aws-iam');
    new Role(built.api, 'Probe', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }).addToPolicy(
      new PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::x/y'] }),
    );
    const log = console.error;
    console.error = () => undefined;
    try {
      expect(() => built.app.synth()).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
    } finally {
      console.error = log;
    }
  });
});
