import { fetchTeamPreset, atRef, type TeamPreset } from '../options/team-preset.js';
import type { Manifest } from '../project.js';

/**
 * The team preset a service started from, as it was then: fetched again at the commit backend.json records (the
 * source's ref may have moved since), under the source as recorded. None when the service did not start from one.
 */
export async function recordedTeamPreset(manifest: Pick<Manifest, 'preset'>): Promise<TeamPreset | undefined> {
  if (!manifest.preset) return undefined;
  const { source, commit } = manifest.preset;
  return { ...(await fetchTeamPreset(atRef(source, commit))), source };
}

/** How a version of a team preset is named in merge labels and messages: its source and short commit. */
export function teamPresetLabel(team: Pick<TeamPreset, 'source' | 'commit'>): string {
  return `${team.source.replace(/#.*$/, '')}@${team.commit.slice(0, 12)}`;
}
