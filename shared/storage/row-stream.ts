import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RowChange } from '../archive/types';
import { rowOf } from './stats-store';
import { KEY } from './table-design';

/** One record of the table's stream, as Lambda hands it over (NEW_AND_OLD_IMAGES). */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    Keys?: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
  };
}

/** Only ROW items feed the statistics (the event source mapping filters the rest out already). */
export const isRowRecord = (r: StreamRecord) => r.dynamodb?.Keys?.[KEY.sk]?.S === 'ROW';

/**
 * A stream record of a ROW item as the change the fold folds: the images decoded as the stores read
 * a row (an image holding only the statistics' old lease is no row). A ROW is never deleted; a
 * record without a new row changes no figure.
 */
export function rowChangeOf(record: StreamRecord): RowChange | undefined {
  const image = (i: Record<string, AttributeValue> | undefined) => {
    if (!i) return undefined;
    const item = unmarshall(i);
    return item.version === undefined ? undefined : rowOf(item);
  };
  const next = image(record.dynamodb?.NewImage);
  if (!next) return undefined;
  const old = image(record.dynamodb?.OldImage);
  return old ? { old, new: next } : { new: next };
}
