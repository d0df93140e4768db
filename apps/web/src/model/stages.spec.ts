import type { AidLine, Amount, StageAmounts } from '../api/types';
import { stageMatrix } from './stages';

const usd = (amount: string, qualifier?: 'approx' | 'at_least') => ({ amount, currency: 'USD', ...(qualifier ? { qualifier } : {}) });
const region = { region: 'Ukraine and countries impacted by the situation in Ukraine', countries: ['UA'] };
const stage = (fields: Partial<StageAmounts> & { byRecipient: Amount[] }): StageAmounts => ({
  stage: 'requested',
  bill: null,
  assessor: null,
  measure: null,
  occurredAt: null,
  recordedAt: null,
  sources: [],
  confidence: null,
  note: null,
  lines: fields.byRecipient.map((a): AidLine => ({ recipient: a.recipient, purpose: 'military', amount: a })),
  statedTotals: [],
  totals: [],
  byRecipientAndPurpose: [],
  ...fields,
});
const hr7691 = 'H.R. 7691 (117th Congress)';

describe('amounts by stage, side by side', () => {
  const amountsByStage = [
    stage({ stage: 'requested', byRecipient: [{ recipient: 'UA', ...usd('8500000000', 'approx') }, { recipient: region, ...usd('20400000000', 'approx') }] }),
    stage({ stage: 'house', bill: hr7691, byRecipient: [{ recipient: 'UA', ...usd('6000000000') }, { recipient: 'US', ...usd('9667000000', 'approx') }] }),
    stage({ stage: 'enacted', bill: hr7691, byRecipient: [{ recipient: 'UA', ...usd('6000000000') }, { recipient: 'US', ...usd('9667000000', 'approx') }] }),
    stage({ stage: 'assessment', assessor: 'Congressional Research Service', measure: 'budget_authority', byRecipient: [{ recipient: region, ...usd('40100000000', 'approx') }] }),
  ];

  it('gives each stage a column, marks the one the amounts by recipient sum, and never sums an assessment', () => {
    const matrix = stageMatrix({ amountsByStage, amountsBasis: { stage: 'bill_versions', versions: [{ bill: hr7691, version: 'enacted' }], summary: '' } });
    expect(matrix.columns.map((c) => [c.title, c.by, c.kind, c.summed])).toEqual([
      ['Requested', null, 'requested', false],
      ['House text', null, 'version', false],
      ['Enacted', null, 'version', true],
      ['Budget authority', 'Congressional Research Service', 'assessment', false],
    ]);
    expect(stageMatrix({ amountsByStage, amountsBasis: { stage: 'requested', versions: [], summary: '' } }).columns.filter((c) => c.summed).map((c) => c.title)).toEqual(['Requested']);
  });

  it('gives every recipient named at any stage a row (a country or a group), with a blank where a stage has no line for it', () => {
    const matrix = stageMatrix({ amountsByStage, amountsBasis: { stage: 'requested', versions: [], summary: '' } });
    expect(matrix.rows.map((r) => [r.label, r.cells.map((c) => (c ? `${c.qualifier ?? 'exact'} ${c.amount}` : null))])).toEqual([
      ['Ukraine', ['approx 8500000000', 'exact 6000000000', 'exact 6000000000', null]],
      ['Ukraine and countries impacted by the situation in Ukraine (UA)', ['approx 20400000000', null, null, 'approx 40100000000']],
      ['United States', [null, 'approx 9667000000', 'approx 9667000000', null]],
    ]);
  });

  it('names the bill of each version when more than one bill carries the package', () => {
    const two = [stage({ stage: 'house', bill: 'H.R. 1 (118th Congress)', byRecipient: [] }), stage({ stage: 'senate', bill: 'S. 2 (118th Congress)', byRecipient: [] })];
    expect(stageMatrix({ amountsByStage: two, amountsBasis: { stage: 'requested', versions: [], summary: '' } }).columns.map((c) => [c.title, c.by])).toEqual([
      ['House text', 'H.R. 1'],
      ['Senate text', 'S. 2'],
    ]);
  });
});
