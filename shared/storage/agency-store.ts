import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Agency, AgencyQuery, Page, TokenRecord, TokenSummary } from '../archive/types';
import { searchText } from '../archive/search-text';
import { regionPrefix } from '../regions/region-codes';
import { AlreadyExists, type AgencyStore } from './ports';
import { decodeCursor, type TableClient, toItem } from './table-client';
import { decodeAgency, decodeToken, decodeTokenSummary } from './item-decoders';
import { INDEXES, KEY } from './table-design';
import { agencyEntry, indexKeys, keys as K } from './table-keys';

export class DynamoAgencyStore implements AgencyStore {
  constructor(private readonly db: TableClient) {}

  async putAgency(agency: Agency): Promise<void> {
    if (!(await this.db.putNew(K.agency(agency.id), agencyItem(agency)))) throw new AlreadyExists(`agency ${agency.id}`);
  }

  async updateAgency(agency: Agency): Promise<boolean> {
    return this.db.conditional(() =>
      this.db.put({
        Item: toItem(K.agency(agency.id), agencyItem(agency)),
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': KEY.pk },
      }),
    );
  }

  async listAgencies(query: AgencyQuery): Promise<Page<Agency>> {
    const index = INDEXES.agencies;
    const prefix = query.region !== undefined ? regionPrefix(query.region) : '';
    const names: Record<string, string> = { '#pk': index.pk, ...(prefix ? { '#sk': index.sk } : {}) };
    const values: Record<string, unknown> = { ':pk': indexKeys.agencies, ...(prefix ? { ':rp': prefix } : {}) };
    // Name and level have no key: a filter, read within FILTER_BUDGET entries per request.
    const filters: string[] = [];
    if (query.q !== undefined) {
      filters.push('contains(#search, :q)');
      names['#search'] = 'search';
      values[':q'] = searchText([query.q]);
    }
    if (query.level !== undefined) {
      filters.push('#level = :level');
      names['#level'] = 'level';
      values[':level'] = query.level;
    }
    const input: QueryCommandInput = {
      TableName: this.db.table,
      IndexName: index.name,
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :rp)' : '#pk = :pk',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    };
    const page = await this.db.pagedQuery(
      decodeAgency,
      input,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, index.name) : undefined,
      index.name,
      filters.length > 0,
    );
    return { ...page, items: page.items.map(({ search: _search, ...a }) => a) };
  }

  async listTokens(agency: string, limit: number, cursor?: string): Promise<Page<TokenSummary>> {
    const input: QueryCommandInput = {
      TableName: this.db.table,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :t)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': K.tokenEntries(agency).pk, ':t': K.tokenEntries(agency).skPrefix },
      ConsistentRead: true,
    };
    const page = await this.db.pagedQuery(decodeTokenSummary, input, limit, cursor ? decodeCursor(cursor, 'TOKENS') : undefined, 'TOKENS');
    // Only these three are ever written to a list entry; picked again so that nothing else can leak.
    return { ...page, items: page.items.map((t) => ({ tokenId: t.tokenId, createdAt: t.createdAt, ...(t.revokedAt ? { revokedAt: t.revokedAt } : {}) })) };
  }

  async getAgency(id: string): Promise<Agency | undefined> {
    const found = await this.db.get(K.agency(id), decodeAgency);
    if (!found) return undefined;
    const { search: _search, ...agency } = found;
    return agency;
  }

  async putToken(token: TokenRecord): Promise<void> {
    if (!(await this.db.putNew(K.token(token.tokenId), token))) throw new AlreadyExists(`token ${token.tokenId}`);
    // The agency's list entry, after the token: a failure here fails the request, so no one holds an unlisted token.
    await this.db.put({
      Item: { ...K.tokenEntry(token.agency, token.tokenId), tokenId: token.tokenId, createdAt: token.createdAt },
    });
  }

  async getToken(tokenId: string): Promise<TokenRecord | undefined> {
    return this.db.get(K.token(tokenId), decodeToken);
  }

  async revokeToken(tokenId: string, at: string): Promise<void> {
    // Refused when the token is gone (deleted meanwhile): there is nothing left to revoke.
    await this.db.conditional(() =>
      this.db.update({
        Key: K.token(tokenId),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
    const token = await this.getToken(tokenId);
    if (!token) return;
    // The list entry follows the token item; a retried revocation repairs it (the date never changes).
    await this.db.update({
      Key: K.tokenEntry(token.agency, tokenId),
      UpdateExpression: 'SET revokedAt = :at, tokenId = :id, createdAt = if_not_exists(createdAt, :created)',
      ExpressionAttributeValues: { ':at': token.revokedAt ?? at, ':id': tokenId, ':created': token.createdAt },
    });
  }

  async deleteToken(agency: string, tokenId: string): Promise<void> {
    // The token itself first: once it is gone nobody authenticates with it, whatever the list says.
    for (const key of [K.token(tokenId), K.tokenEntry(agency, tokenId)]) {
      await this.db.delete({ Key: key });
    }
  }

  async deleteAgency(id: string): Promise<void> {
    await this.db.delete({ Key: K.agency(id) });
  }
}

/** The profile as stored: its list keys and the normalized names the `q` filter searches. */
const agencyItem = (a: Agency) => ({ ...a, ...agencyEntry(a), search: searchText([a.name, ...a.aliases]) });
