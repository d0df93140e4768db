import type { CommandData } from '@policy-ledger/contracts';

/**
 * The three facts at the centre of shared/domain/source-article.txt (White House, 13 Oct 2023),
 * as an analyst would post them.
 */
const whiteHouse = {
  publisher: 'The White House',
  sourceClass: 'intelligence_disclosure',
  attributedTo: 'John Kirby, national security spokesman',
  basis: 'US intelligence',
  evidence: 'released imagery of containers loaded onto a Russian-flagged vessel',
  publishedAt: '2023-10-13',
} as const;

export const dprkShipment = {
  supplier: 'KP',
  recipient: 'RU',
  items: [
    {
      category: 'military_equipment_and_munitions',
      description: 'containers of military equipment and munitions',
      quantity: { value: 1000, unit: 'containers', qualifier: 'at_least', countingSince: '2023-09-07' },
    },
  ],
  legs: [
    { mode: 'sea', from: { name: 'Najin', country: 'KP' }, to: { name: 'Dunay', country: 'RU' }, vessel: { flag: 'RU' } },
    { mode: 'rail', from: { name: 'Dunay', country: 'RU' }, to: { name: 'ammunition depot near Ukraine', country: 'RU' } },
  ],
  finalDestination: { description: 'ammunition depot in south-western Russia', country: 'RU', near: 'UA' },
  stage: 'delivered',
  intendedUse: 'attacks on Ukrainian cities',
  occurredAt: { from: '2023-09-07', to: '2023-10-01', precision: 'range' },
  reportedAt: '2023-10-13',
  sources: [whiteHouse],
  confidence: 'assessed',
} satisfies CommandData<'ReportShipment'>;

// The article does not give the Israel figure; the request the White House sent on 20 Oct 2023 did.
const media = { publisher: 'source article', sourceClass: 'media', publishedAt: '2023-10-13' } as const;

/** A supplemental request of the President to Congress, for one recipient's military aid. */
function presidentialRequest(recipient: string, amount: string, requestedOn: string, reportedAt: string, sources: readonly { publisher: string; sourceClass: 'media' | 'official_statement'; publishedAt: string }[]) {
  return {
    requester: 'President of the United States',
    addressee: 'US Congress',
    lines: [{ recipient, purpose: 'military' as const, amount: { amount, currency: 'USD' } }],
    total: { amount, currency: 'USD' },
    occurredAt: { from: requestedOn, precision: 'day' as const },
    reportedAt,
    sources: [...sources],
    confidence: 'confirmed' as const,
  } satisfies CommandData<'RequestAid'>;
}

export const ukraineAidRequest = presidentialRequest('UA', '24000000000', '2023-08-10', '2023-10-13', [media]);

export const israelAidRequest = presidentialRequest('IL', '14300000000', '2023-10-20', '2023-10-20', [{ publisher: 'The White House', sourceClass: 'official_statement', publishedAt: '2023-10-20' }]);

export const ukraineIsraelPackage = {
  title: 'Ukraine and Israel security supplemental',
  sponsor: 'The White House',
  rationale: 'couple Ukraine aid with Israel aid to widen Republican support',
  occurredAt: { from: '2023-10-01', precision: 'month' },
  reportedAt: '2023-10-13',
  sources: [media],
  confidence: 'assessed',
} satisfies CommandData<'ProposePackage'>;
