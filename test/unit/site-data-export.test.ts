import { describe, expect, it } from 'vitest';
import { cellLabelText } from '../../shared/model/cell-labels';
import { DATA_COLUMNS, dataColumnLabelsZh, toCsv, toJson } from '../../shared/archive/data-export';
import { ALL_CELL_KEYS, reportCells } from '../../shared/model/report-cells';
import type { DataRow } from '../../shared/archive/view-models';
import { buildReport, distinctNumbers } from '../support/sample-reports';
import { defined } from '../support/defined';

/** A small RFC 4180 reader, written here so the test does not trust the writer's idea of quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = defined(text[i]);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length) throw new Error('last line not ended by CRLF');
  return rows;
}

function row(format: '2021' | '2019', agency: string, agencyName: string, patch: Partial<DataRow> = {}): DataRow {
  const cells = defined(reportCells(buildReport(format, 2022, agencyName, distinctNumbers(format))));
  return {
    agency,
    agencyName,
    region: '440106',
    regionName: '广东省广州市天河区',
    year: 2022,
    format,
    version: 1,
    checked: true,
    errors: 0,
    warnings: 2,
    published: '2023-01-20',
    publishedSource: 'published',
    cells: cells.cells,
    unread: cells.unread,
    entered: cells.entered,
    ...patch,
  };
}

const ROWS: DataRow[] = [
  row('2021', 'a1', '广州市天河区人民政府'),
  row('2019', 'a2', '=HYPERLINK("http://evil.example","点我")', {
    region: null,
    regionName: null,
    published: null,
    publishedSource: null,
    checked: false,
    errors: 3,
  }),
  row('2021', 'a3', '某局, "办公室"\r\n第二行', {
    version: 2,
    entered: ['applications.unavailable.notHeld.total', 'applications.unavailable.notHeld.research'],
  }),
  row('2021', 'a4', '-2+3', { unread: ['applications.granted.total', 'applications.newReceived.research'] }),
];
// A blank and an unread cell, both empty in the CSV.
defined(ROWS[3]).cells['applications.granted.total'] = null;
delete defined(ROWS[3]).cells['applications.newReceived.research'];
defined(ROWS[0]).cells['activeDisclosure.fees.amountWan'] = 12.35;
defined(ROWS[1]).cells['activeDisclosure.fees.change'] = -4;

describe('the data downloads', () => {
  const csv = toCsv(ROWS);
  const table = parseCsv(csv.slice(1));
  const json = JSON.parse(toJson(ROWS, { year: 2022, generatedAt: '2026-11-27T00:00:00Z' }));

  it('start with a BOM for Excel and end lines with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(table).toHaveLength(ROWS.length + 1);
  });

  it('have a fixed header: the meta columns, every cell key, then unread and entered', () => {
    expect(table[0]).toEqual(DATA_COLUMNS);
    expect(defined(table[0]).slice(0, 4)).toEqual(['agency', 'agencyName', 'region', 'regionName']);
    expect(defined(table[0]).slice(-2)).toEqual(['unread', 'entered']);
    expect(defined(table[0]).length).toBe(12 + ALL_CELL_KEYS.length + 2);
    expect(defined(table[0]).slice(10, 12)).toEqual(['published', 'publishedSource']);
    expect(new Set(table[0]).size).toBe(defined(table[0]).length);
    for (const r of table) expect(r.length).toBe(defined(table[0]).length);
  });

  it('give the same numbers in CSV and JSON, cell by cell and summed per column', () => {
    expect(json.count).toBe(ROWS.length);
    expect(json.columns).toEqual([...ALL_CELL_KEYS]);
    expect(json.year).toBe(2022);
    const header = defined(table[0]);
    let compared = 0;
    for (const key of ALL_CELL_KEYS) {
      const col = header.indexOf(key);
      let csvSum = 0;
      let jsonSum = 0;
      table.slice(1).forEach((r, i) => {
        const fromJson = json.reports[i].cells[key] ?? null;
        const text = defined(r[col]);
        expect(text === '' ? null : Number(text)).toBe(fromJson);
        if (text !== '') {
          csvSum += Number(text);
          compared++;
        }
        jsonSum += fromJson ?? 0;
      });
      expect(csvSum).toBeCloseTo(jsonSum, 9);
    }
    // Both formats' cells were really there to compare.
    expect(compared).toBeGreaterThan(ALL_CELL_KEYS.length * 2);
    expect(defined(table[1])[header.indexOf('activeDisclosure.fees.amountWan')]).toBe('12.35');
    // A negative number is a number, not a formula to defuse.
    expect(defined(table[2])[header.indexOf('activeDisclosure.fees.change')]).toBe('-4');
  });

  it('write null as an empty field and list unread cells by key', () => {
    const header = defined(table[0]);
    const r = defined(table[4]);
    expect(r[header.indexOf('applications.granted.total')]).toBe('');
    expect(r[header.indexOf('applications.newReceived.research')]).toBe('');
    expect(r[header.indexOf('unread')]).toBe('applications.granted.total applications.newReceived.research');
    expect(json.reports[3].cells['applications.granted.total']).toBeNull();
    expect(json.reports[3].unread).toEqual(['applications.granted.total', 'applications.newReceived.research']);
    const r2 = defined(table[2]);
    expect([r2[header.indexOf('region')], r2[header.indexOf('published')], r2[header.indexOf('checked')]]).toEqual(['', '', 'false']);
    expect(defined(table[1])[header.indexOf('checked')]).toBe('true');
    // 2021-only columns are empty for a 2019 report.
    expect(r2[header.indexOf('activeDisclosure.regulations.issued')]).toBe('');
    expect(defined(table[1])[header.indexOf('activeDisclosure.regulations.issued')]).not.toBe('');
  });

  it('list the cells the agency typed in under entered, apart from the ones read', () => {
    const header = defined(table[0]);
    expect(defined(table[3])[header.indexOf('entered')]).toBe('applications.unavailable.notHeld.total applications.unavailable.notHeld.research');
    expect(defined(table[1])[header.indexOf('entered')]).toBe('');
    expect(json.reports[2].entered).toEqual(['applications.unavailable.notHeld.total', 'applications.unavailable.notHeld.research']);
    expect(json.reports[0].entered).toEqual([]);
  });

  it('keep Chinese and quoted text intact, and defuse formulas', () => {
    const name = defined(table[0]).indexOf('agencyName');
    expect(defined(table[1])[name]).toBe('广州市天河区人民政府');
    expect(defined(table[2])[name]).toBe('\'=HYPERLINK("http://evil.example","点我")');
    expect(defined(table[3])[name]).toBe('某局, "办公室"\r\n第二行');
    expect(defined(table[4])[name]).toBe("'-2+3");
    expect(csv).toContain('"某局, ""办公室""\r\n第二行"');
    // JSON keeps the text as it is: it is not read by a spreadsheet.
    expect(json.reports[1].agencyName).toBe('=HYPERLINK("http://evil.example","点我")');
  });

  it('defuses every formula lead character, including tab and CR', () => {
    const name = DATA_COLUMNS.indexOf('agencyName');
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const out = parseCsv(toCsv([row('2021', 'x', `${lead}1+1`)]).slice(1));
      expect(defined(out[1])[name]).toBe(`'${lead}1+1`);
    }
  });

  it('with labels=zh, heads the same columns with their Chinese names, one per column, and keeps every row as it is', () => {
    const zh = parseCsv(toCsv(ROWS, 'zh').slice(1));
    expect(zh[0]).toHaveLength(DATA_COLUMNS.length);
    expect(new Set(zh[0]).size).toBe(DATA_COLUMNS.length);
    expect(defined(zh[0]).slice(0, 2)).toEqual(['机关标识', '机关名称']);
    expect(defined(zh[0])[DATA_COLUMNS.indexOf('published')]).toBe('发布日期');
    expect(defined(zh[0])[DATA_COLUMNS.indexOf('publishedSource')]).toBe('发布日期来源');
    expect(defined(zh[0])[DATA_COLUMNS.indexOf('applications.newReceived.naturalPerson')]).toBe('表三 一、本年新收政府信息公开申请数量 · 自然人');
    expect(defined(zh[0]).slice(-2)).toEqual(['未读出的格子', '由报送机关补录的格子']);
    // Every cell column under a label of its own, never its key.
    for (const [i, key] of DATA_COLUMNS.entries()) if (key.includes('.')) expect(defined(zh[0])[i]).toBe(cellLabelText(key));
    expect(defined(zh[0]).filter((label) => /^[a-z]/.test(label))).toEqual([]);
    expect(zh.slice(1)).toEqual(table.slice(1));
    expect(dataColumnLabelsZh()).toEqual(zh[0]);
  });

  it('an empty download still has its header', () => {
    expect(toCsv([])).toBe(`\uFEFF${DATA_COLUMNS.join(',')}\r\n`);
    expect(JSON.parse(toJson([], { year: 'all', generatedAt: 't' }))).toEqual({
      year: 'all',
      generatedAt: 't',
      columns: [...ALL_CELL_KEYS],
      count: 0,
      reports: [],
    });
  });
});
