// Facts written in prose inside description cells. Regular expressions here run over plain text
// already extracted from the parsed page, never over HTML.

/**
 * "Valid values include A, B, and C." / "The value can be a, b, or c." / "The value can be one of the
 * following: queued: indicates …. saving: indicates …." (a list of `value: meaning` sentences).
 * Values keep only their word (`0 (encryption function disabled)` → `0`); a list whose items are not
 * short words (`the default value is created_at`, `an attribute of the image: name`) is not an enum.
 */
export function enumFromProse(description: string): string[] | undefined {
  const d = description.replace(/\s+/g, ' ');
  // "… one of the following: queued: indicates …. saving: …" / "Available values are as follows: CURRENT: … SUPPORTED: …"
  const following =
    /(?:The value can be|Possible values are|Valid values are|Available values are|The value is) (?:one of the following|as follows):\s*(.+)$/i.exec(
      d,
    );
  if (following) {
    const caps = [...following[1]!.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]+):\s/g)].map((m) => m[1]!);
    const values =
      caps.length >= 2 ? caps : [...following[1]!.matchAll(/(?:^|\.\s+)([A-Za-z0-9_-]+):\s/g)].map((m) => m[1]!);
    return values.length >= 2 ? values : undefined;
  }
  const m =
    /(?:Valid values include|The value can be|Possible values are|Available values(?: are)?|The value is one of)\s*:?\s+(.+?)\.(?:\s|$)/.exec(
      d,
    );
  if (!m) return undefined;
  const values = m[1]!
    .split(';')[0]!
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/,?\s+(?:and|or)\s+/g, ', ')
    .split(/\s*,\s*/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.some((v) => !/^[\w.:/+-]+( [\w.:/+-]+)?$/.test(v) || /^(the|a|an)\s/i.test(v))) return undefined;
  return values.length >= 2 ? values : undefined;
}

/** "The timestamp uses the ISO 8601 format: CCYY-MM-DDThh:mm:ss±hh:mm" → the form. */
export function timestampFormFromProse(description: string): string | undefined {
  const m = /ISO ?8601 format:?\s*(\S+)/.exec(description);
  return m ? m[1]!.replace(/[.,;]$/, '') : undefined;
}

/** A string field that names a point in time ("creation time", "Time when an image was created"). */
export function describesTime(description: string): boolean {
  return /\btime\b/i.test(description) && !/\btimed? out\b/i.test(description);
}

/** "This field is first available in version 3.45." / "This parameter is added in version 3.31." */
export function microversionFromProse(description: string): string | undefined {
  const m =
    /(?:first available|added|introduced|supported) (?:in|since|from) (?:micro)?version (\d+\.\d+)/i.exec(
      description,
    ) ?? /supported when the request (?:micro)?version is (\d+\.\d+) or later/i.exec(description);
  return m ? m[1] : undefined;
}

/** "The value next indicates that some backups are not obtained." → `next`. */
export function linkRelFromProse(description: string): string | undefined {
  const m = /The value (\w+) indicates/.exec(description);
  return m ? m[1] : undefined;
}

/**
 * The table a description points to: "see the backup field description" → `backup`; "see Parameters
 * in the volumes field" → `volumes`; "see Table 1" → `Table 1`.
 */
export function referencedTable(description: string): string | undefined {
  const d = description.replace(/\s+/g, ' ');
  const m =
    /see (?:the )?(\S+) (?:field description|structure information)/.exec(d) ??
    /see (?:the )?Parameters? (?:in|of) the (\S+) (?:field|object|structure|parameter)/i.exec(d);
  if (m) return m[1];
  const t = /see (Table\s+\d+)\b/i.exec(d);
  return t ? t[1]!.replace(/\s+/, ' ') : undefined;
}

/** "Yes"/"No" in a Mandatory column. */
export function mandatoryWord(cell: string): boolean | undefined {
  const w = cell.trim().toLowerCase();
  if (w === 'yes' || w === 'true' || w === 'mandatory') return true;
  if (w === 'no' || w === 'false' || w === 'optional') return false;
  return undefined;
}

/** A microversion note: `... add Openstack-Api-Version": volume 3.45 ...` → header, service, version, covered names. */
export function microversionNote(
  text: string,
): { header: string; serviceName: string; version: string; appliesTo: string[] } | undefined {
  const m = /([A-Za-z]+-Api-Version)"?:?\s*"?\s*([a-z-]+)\s+(\d+\.\d+)/i.exec(text);
  if (!m) return undefined;
  const covered = /features such as (.+?) are used/.exec(text);
  const appliesTo = covered
    ? covered[1]!
        .replace(/,?\s+(?:and|or)\s+/g, ', ')
        .split(/\s*,\s*/)
        .filter((v) => v !== '')
    : [];
  return { header: m[1]!, serviceName: m[2]!, version: m[3]!, appliesTo };
}
