import { describe, expect, it } from 'vitest';
import { decodeAudit, decodeRow, decodeVersion, MalformedItem } from '../../shared/storage/item-decoders';
import { keys } from '../../shared/storage/table-keys';
import { version } from '../contract/records';

const stored = (over: Record<string, unknown> = {}) => ({ ...version('a', 2021, 1), ...keys.version('a', 2021, 1), ...over });

describe('items are decoded at the adapter, not cast', () => {
  it('a well-formed item decodes to the record, without its key attributes', () => {
    expect(decodeVersion(stored())).toEqual(version('a', 2021, 1));
  });

  it('an absent optional field may also be stored as NULL', () => {
    expect(decodeVersion(stored({ region: null })).agency).toBe('a');
  });

  it('a missing field is an error that names the item by its key', () => {
    const { sha256: _sha256, ...item } = stored();
    expect(() => decodeVersion(item)).toThrow(MalformedItem);
    expect(() => decodeVersion(item)).toThrow('malformed version item REPORT#a#2021 / V#000001: sha256 is missing');
  });

  it('a field of the wrong kind is an error, optional ones included', () => {
    expect(() => decodeVersion(stored({ version: '1' }))).toThrow('version is string, not number');
    expect(() => decodeVersion(stored({ withdrawn: 'yes' }))).toThrow('withdrawn is string, not object');
    expect(() => decodeRow({ ...keys.row('a', 2021), agency: 'a' })).toThrow('agencyName is missing');
  });

  it('an audit record of a refused bad request written with its issues as `errors` reads as their count', () => {
    const record = { agency: 'a', at: 't', id: '1', actor: 'admin', outcome: 'rejected', status: 400 };
    expect(decodeAudit({ ...keys.audit('a', 't', '1'), ...record, errors: [{ path: 'year' }, { path: 'limit' }] })).toEqual({ ...record, errors: 2 });
    expect(() => decodeAudit({ ...keys.audit('a', 't', '1'), ...record, errors: 'x' })).toThrow('errors is string, not number');
  });
});
