/**
 * The names the functions emit their metrics under and the dashboard and alarms read back: one
 * list, so CDK (which must not load Powertools) and the runtime cannot drift apart.
 */
export const METRICS = {
  namespace: 'GongkaiArchive',
  /** the `service` dimension of every metric and the `service` key of every log line */
  service: 'gongkai-archive',
  uploadAccepted: 'UploadAccepted',
  /** dimension `reason`: the problem slug of the refusal */
  uploadRefused: 'UploadRefused',
  /** dimension `rule`: one count per rule that fired on a checked upload */
  findings: 'Findings',
  /** dimension `kind`: the detected input kind */
  parseTime: 'ParseTime',
} as const;
