import type { Agency, AgencyQuery, Page, TokenRecord, TokenSummary } from '../../archive/types';
import { searchText } from '../../archive/search-text';
import { regionPrefix } from '../../regions/region-codes';
import { AlreadyExists, type AgencyStore } from '../ports';
import { agencyEntry } from '../table-keys';
import { must } from '../../model/must';
import { INDEXES, projected } from '../table-design';
import { copy, pageOf, sorted } from './memory-pages';

export class MemoryAgencyStore implements AgencyStore {
  readonly #agencies = new Map<string, Agency>();
  readonly #tokens = new Map<string, TokenRecord>();
  /** each agency's token list, by token id */
  readonly #entries = new Map<string, Map<string, TokenSummary>>();

  async putAgency(agency: Agency): Promise<void> {
    if (this.#agencies.has(agency.id)) throw new AlreadyExists(`agency ${agency.id}`);
    this.#agencies.set(agency.id, copy(agency));
  }

  async getAgency(id: string): Promise<Agency | undefined> {
    const found = this.#agencies.get(id);
    return found && copy(found);
  }

  async updateAgency(agency: Agency): Promise<boolean> {
    if (!this.#agencies.has(agency.id)) return false;
    this.#agencies.set(agency.id, copy(agency));
    return true;
  }

  async listAgencies(query: AgencyQuery): Promise<Page<Agency>> {
    const prefix = query.region !== undefined ? regionPrefix(query.region) : '';
    const q = query.q !== undefined ? searchText([query.q]) : undefined;
    const entries = [...this.#agencies.values()]
      // What the index projects of a profile is what the list hands out.
      .map((a) => ({
        sort: must(agencyEntry(a)[INDEXES.agencies.sk], 'every agency has its listing entry'),
        item: projected(INDEXES.agencies, a) as unknown as Agency,
      }))
      .filter(({ sort, item }) => sort.startsWith(prefix) && (q === undefined || searchText([item.name, ...item.aliases]).includes(q)))
      .filter(({ item }) => query.level === undefined || item.level === query.level);
    return pageOf(sorted(entries), query.limit, query.cursor, INDEXES.agencies.name);
  }

  async listTokens(agency: string, limit: number, cursor?: string): Promise<Page<TokenSummary>> {
    const entries = [...(this.#entries.get(agency)?.values() ?? [])].map((t) => ({ sort: t.tokenId, item: t }));
    return pageOf(sorted(entries), limit, cursor, 'TOKENS');
  }

  async putToken(token: TokenRecord): Promise<void> {
    if (this.#tokens.has(token.tokenId)) throw new AlreadyExists(`token ${token.tokenId}`);
    this.#tokens.set(token.tokenId, copy(token));
    const list = this.#entries.get(token.agency) ?? new Map<string, TokenSummary>();
    list.set(token.tokenId, { tokenId: token.tokenId, createdAt: token.createdAt });
    this.#entries.set(token.agency, list);
  }

  async getToken(tokenId: string): Promise<TokenRecord | undefined> {
    const found = this.#tokens.get(tokenId);
    return found && copy(found);
  }

  async revokeToken(tokenId: string, at: string): Promise<void> {
    const token = this.#tokens.get(tokenId);
    if (!token) return;
    token.revokedAt ??= at;
    const list = this.#entries.get(token.agency) ?? new Map<string, TokenSummary>();
    list.set(tokenId, { tokenId, createdAt: token.createdAt, revokedAt: token.revokedAt });
    this.#entries.set(token.agency, list);
  }

  async deleteToken(agency: string, tokenId: string): Promise<void> {
    this.#tokens.delete(tokenId);
    this.#entries.get(agency)?.delete(tokenId);
  }

  async deleteAgency(id: string): Promise<void> {
    this.#agencies.delete(id);
  }
}
