import { stageRows } from './stages';

describe('amounts by stage, when the board has them', () => {
  it('shows nothing while the board has none', () => {
    expect(stageRows({})).toEqual([]);
  });

  it('reads an amount per recipient, a list of amounts, or a total, under either name', () => {
    const rows = stageRows({
      amountsByStage: [
        { stage: 'requested', recipient: 'UA', currency: 'USD', amount: '24000000000' },
        { stage: 'house_passed', label: 'House bill', amounts: [{ recipient: 'IL', currency: 'USD', amount: '14300000000' }] },
        { stage: 'outside_assessment', total: { amount: '61000000000', currency: 'USD' } },
      ],
    });
    expect(rows.map((r) => [r.stage, r.recipient, r.amount])).toEqual([
      ['requested', 'UA', '24000000000'],
      ['House bill', 'IL', '14300000000'],
      ['outside assessment', null, '61000000000'],
    ]);
    expect(stageRows({ stages: [{ stage: 'enacted', amount: { amount: '1', currency: 'USD' } }] }).map((r) => r.stage)).toEqual(['enacted']);
  });
});
