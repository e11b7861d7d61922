import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ReportRow } from '../../shared/archive/types';
import { reportRow } from '../support/report-rows';
import { isRowRecord, rowChangeOf, type StreamRecord } from '../../shared/storage/row-stream';

/** The fold's input: a DynamoDB stream record of a ROW item, decoded as the stores read a row. */
const row = (version: number, cells: Record<string, number | null>) =>
  reportRow('miyun-kw', version, cells, { agencyName: '北京市密云区科学技术委员会', region: '110118', warnings: 1, rev: version });

const keys = { PK: 'REPORT#miyun-kw#2021', SK: 'ROW' };
const image = (r: ReportRow, extra: Record<string, unknown> = {}) => marshall({ ...keys, ...r, ...extra }, { removeUndefinedValues: true });
const record = (dynamodb: StreamRecord['dynamodb'], eventName = 'MODIFY'): StreamRecord => ({
  eventName,
  dynamodb: { SequenceNumber: '1', Keys: marshall(keys), ...dynamodb },
});

describe('a ROW stream record as the change the fold folds', () => {
  it('an insert is a change with only its new row, the keys and the lease left out', () => {
    const first = row(1, { 'applications.new': 4, 'applications.carried': null });
    const change = rowChangeOf(record({ NewImage: image(first, { lease: 'abc', leaseUntil: 99, pending: 'x' }) }, 'INSERT'));
    expect(change).toEqual({ new: first });
  });

  it('a correction carries the old row and the new, unknown cells kept as null (not 0)', () => {
    const old = row(1, { 'applications.new': 4 });
    const next = row(2, { 'applications.new': 5, 'applications.carried': null });
    expect(rowChangeOf(record({ OldImage: image(old), NewImage: image(next) }))).toEqual({ old, new: next });
  });

  it('an old image that held only the statistics lease (no version yet) is no row', () => {
    const next = row(1, { 'applications.new': 4 });
    const leaseOnly = marshall({ ...keys, lease: 'abc', leaseUntil: 99 });
    expect(rowChangeOf(record({ OldImage: leaseOnly, NewImage: image(next) }))).toEqual({ new: next });
  });

  it('a record without a new row (a removal, or a lease only) changes nothing', () => {
    expect(rowChangeOf(record({ OldImage: image(row(1, {})) }, 'REMOVE'))).toBeUndefined();
    expect(rowChangeOf(record({ NewImage: marshall({ ...keys, lease: 'abc' }) }))).toBeUndefined();
  });

  it('only ROW items are rows; another item of the same partition is not', () => {
    expect(isRowRecord(record({}))).toBe(true);
    expect(isRowRecord({ dynamodb: { Keys: marshall({ PK: 'REPORT#miyun-kw#2021', SK: 'V#000001' }) } })).toBe(false);
    expect(isRowRecord({})).toBe(false);
  });

  it('an image of the wrong shape is an error naming the row, not a cast', () => {
    const bad = marshall({ ...keys, ...row(1, {}), errors: 'two' });
    expect(() => rowChangeOf(record({ NewImage: bad }))).toThrow(/row/);
  });
});
