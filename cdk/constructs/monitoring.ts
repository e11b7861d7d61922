import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS } from '../../shared/http/metric-names';

export interface MonitoringProps {
  api: IHttpApi;
  table: ITableV2;
  /** every function, by name: each gets its alarms and its lines on the dashboard */
  functions: Record<string, IFunction>;
  /** where alarms are mailed (`-c alarmEmail=…`); without it the topic has no subscriber */
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms and a dashboard. Every alarm notifies one SNS topic; `alarmOnQueue` and `monitorFunction`
 * let resources added later (the ingest queue and function) join without touching this file.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  private readonly action: SnsAction;
  private readonly perFunction: { invocations: GraphWidget; errors: GraphWidget; duration: GraphWidget };

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    // Encrypted with a key of our own: CloudWatch cannot publish to a topic under the AWS-managed SNS key.
    const key = new Key(this, 'AlarmsKey', { description: 'Gongkai Archive: encrypts the alarm topic', enableKeyRotation: true });
    key.addToResourcePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Alarms', { displayName: 'Gongkai Archive alarms', masterKey: key, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);

    const api5xx = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    this.alarm('Api5xx', api5xx, 'The API answered 5xx: a bug or storage failing (see the request log for problem types)');

    const throttles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: props.table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
        writes: props.table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'Throttle events',
      period: FIVE_MINUTES,
    });
    this.alarm('TableThrottles', throttles, 'DynamoDB throttled reads or writes on the index table');

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${Stack.of(this).stackName}-operations` });
    const wide = { width: 12, height: 6 };
    this.perFunction = {
      invocations: new GraphWidget({ title: 'Invocations per function', ...wide }),
      errors: new GraphWidget({ title: 'Errors and throttles per function', ...wide }),
      duration: new GraphWidget({ title: 'Duration per function (p99, ms)', ...wide }),
    };
    const refusedByReason = new MathExpression({
      expression: `SEARCH('{${METRICS.namespace},service,reason} MetricName="${METRICS.uploadRefused}"', 'Sum', 300)`,
      usingMetrics: {},
      label: 'Refused',
      period: FIVE_MINUTES,
    });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '# Gongkai Archive\nAPI, functions, uploads. Alarms go to the alarm topic.', width: 24, height: 2 }),
      new GraphWidget({
        title: 'API requests',
        left: [props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' })],
        right: [props.api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' }), api5xx],
        ...wide,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [
          props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p50', label: 'p50' }),
          props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99', label: 'p99' }),
        ],
        ...wide,
      }),
      this.perFunction.invocations,
      this.perFunction.errors,
      this.perFunction.duration,
      new GraphWidget({
        title: 'Upload outcomes',
        left: [uploadMetric(METRICS.uploadAccepted, 'Accepted'), refusedByReason],
        ...wide,
      }),
      new GraphWidget({
        title: 'Parse time by input kind (p90, ms)',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS.namespace},service,kind} MetricName="${METRICS.parseTime}"', 'p90', 300)`,
            usingMetrics: {},
            label: 'Parse',
            period: FIVE_MINUTES,
          }),
        ],
        ...wide,
      }),
      new GraphWidget({
        title: 'Findings by rule',
        left: [
          new MathExpression({
            expression: `SEARCH('{${METRICS.namespace},service,rule} MetricName="${METRICS.findings}"', 'Sum', 3600)`,
            usingMetrics: {},
            label: 'Findings',
            period: Duration.hours(1),
          }),
        ],
        ...wide,
      }),
      new GraphWidget({ title: 'Index table throttles', left: [throttles], ...wide }),
    );

    for (const [name, fn] of Object.entries(props.functions)) this.monitorFunction(name, fn);
  }

  /** A function's Errors and Throttles alarms, and its lines on the dashboard. */
  monitorFunction(name: string, fn: IFunction): void {
    const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum', label: `${name} errors` });
    const throttles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum', label: `${name} throttles` });
    this.alarm(`${pascal(name)}Errors`, errors, `The ${name} function failed (an invocation error, a timeout, or out of memory)`);
    this.alarm(`${pascal(name)}Throttles`, throttles, `The ${name} function was throttled: its concurrency is used up`);
    this.perFunction.invocations.addLeftMetric(fn.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum', label: name }));
    this.perFunction.errors.addLeftMetric(errors);
    this.perFunction.errors.addRightMetric(throttles);
    this.perFunction.duration.addLeftMetric(fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label: name }));
  }

  /** A queue that should stay empty (a dead-letter queue): alarm as soon as a message waits in it. */
  alarmOnQueue(queue: IQueue, description = 'Messages are waiting in a dead-letter queue: something failed every retry'): Alarm {
    return this.alarm(
      `${queue.node.id}Depth`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      description,
    );
  }

  private alarm(id: string, metric: IMetric, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data is no traffic, not a failure.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}

function uploadMetric(name: string, label: string): Metric {
  return new Metric({
    namespace: METRICS.namespace,
    metricName: name,
    dimensionsMap: { service: METRICS.service },
    statistic: 'Sum',
    period: FIVE_MINUTES,
    label,
  });
}

const pascal = (s: string) => s.replace(/(^|[-_ ])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());
