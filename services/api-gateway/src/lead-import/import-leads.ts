import {
  findClientLeadsByIdentifiers,
  insertLeadsSkippingDuplicates,
  type CampaignStatus,
  type Db,
  type ExistingLeadRef,
  type ImportedLead,
} from '@outreach/db';
import { identityKeys, normaliseLeadRow, type InvalidRow, type NormalisedLead, type RawLeadRow } from './rows';

/** The most leads one request may carry, JSON or CSV (10,000 import in well under 5 s). */
export const MAX_LEADS_PER_IMPORT = 10_000;
const CROSS_CAMPAIGN_SAMPLE_SIZE = 100;

export interface ImportTarget {
  id: string;
  clientId: string;
  status: CampaignStatus;
}

export interface CrossCampaignItem {
  line: number;
  public_identifier: string | null;
  campaign_id: string;
}

export interface ImportResult {
  created: number;
  duplicates_in_campaign: number;
  duplicates_in_other_campaigns: { count: number; items: CrossCampaignItem[] };
  invalid: InvalidRow[];
  blocked_cross_campaign: number;
}

/** Normalises every row and keeps the first of several rows naming the same person. */
function checkRows(rows: RawLeadRow[], invalid: InvalidRow[]): NormalisedLead[] {
  const firstLine = new Map<string, number>();
  const valid: NormalisedLead[] = [];
  for (const row of rows) {
    const result = normaliseLeadRow(row);
    if ('invalid' in result) {
      invalid.push(result.invalid);
      continue;
    }
    const keys = identityKeys(result.lead);
    const earlier = keys.map((k) => firstLine.get(k)).find((line) => line !== undefined);
    if (earlier !== undefined) {
      invalid.push({ line: row.line, reason: `duplicate of line ${earlier} in this upload` });
      continue;
    }
    for (const key of keys) firstLine.set(key, row.line);
    valid.push(result.lead);
  }
  return valid;
}

/** Identity key → campaigns of the client that already hold that person. */
function indexExisting(existing: ExistingLeadRef[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const ref of existing) {
    for (const key of identityKeys(ref)) index.set(key, [...(index.get(key) ?? []), ref.campaignId]);
  }
  return index;
}

function toNewLead(campaign: ImportTarget, lead: NormalisedLead, now: Date): ImportedLead {
  return {
    clientId: campaign.clientId,
    campaignId: campaign.id,
    firstName: lead.firstName,
    lastName: lead.lastName,
    company: lead.company,
    title: lead.title,
    profileUrl: lead.profileUrl,
    publicIdentifier: lead.publicIdentifier,
    providerId: lead.providerId,
    customFields: lead.customFields,
    status: 'pending_invite',
    // Due at once in a running campaign; a draft or paused one schedules its leads when it starts.
    nextActionAt: campaign.status === 'active' ? now : null,
  };
}

/**
 * Imports uploaded rows into a campaign. Invalid rows and repeats within the upload are reported
 * with their line; people the campaign already holds are counted, not created; people in another
 * campaign of the same client are reported and, unless `allowCrossCampaign`, not created (two
 * campaigns writing to one person is what clients complain about). Duplicates are checked in one
 * query and leads inserted in batches with ON CONFLICT DO NOTHING, so an import repeated, or racing
 * another, creates nothing twice.
 */
export async function importLeads(
  db: Db,
  campaign: ImportTarget,
  upload: { rows: RawLeadRow[]; invalid: InvalidRow[] },
  options: { allowCrossCampaign: boolean },
): Promise<ImportResult> {
  const invalid = [...upload.invalid];
  const valid = checkRows(upload.rows, invalid);
  const existing = await findClientLeadsByIdentifiers(db, campaign.clientId, {
    publicIdentifiers: valid.flatMap((l) => (l.publicIdentifier ? [l.publicIdentifier] : [])),
    providerIds: valid.flatMap((l) => (l.providerId ? [l.providerId] : [])),
  });
  const held = indexExisting(existing);

  const result: ImportResult = {
    created: 0,
    duplicates_in_campaign: 0,
    duplicates_in_other_campaigns: { count: 0, items: [] },
    invalid,
    blocked_cross_campaign: 0,
  };
  const toCreate: NormalisedLead[] = [];
  for (const lead of valid) {
    const campaignIds = new Set(identityKeys(lead).flatMap((key) => held.get(key) ?? []));
    if (campaignIds.has(campaign.id)) {
      result.duplicates_in_campaign += 1;
      continue;
    }
    const [otherCampaign] = campaignIds;
    if (otherCampaign) {
      const cross = result.duplicates_in_other_campaigns;
      cross.count += 1;
      if (cross.items.length < CROSS_CAMPAIGN_SAMPLE_SIZE)
        cross.items.push({ line: lead.line, public_identifier: lead.publicIdentifier, campaign_id: otherCampaign });
      if (!options.allowCrossCampaign) {
        result.blocked_cross_campaign += 1;
        continue;
      }
    }
    toCreate.push(lead);
  }

  const now = new Date();
  result.created = await db.transaction((tx) =>
    insertLeadsSkippingDuplicates(
      tx,
      toCreate.map((lead) => toNewLead(campaign, lead, now)),
    ),
  );
  // Rows a concurrent import inserted after our check hit the unique indexes: still duplicates.
  result.duplicates_in_campaign += toCreate.length - result.created;
  invalid.sort((a, b) => a.line - b.line);
  return result;
}
