/** Step 2: what Clarion read from the file (format, encoding, delimiter, sheet) and its first rows. */
import { Badge, Group, Paper, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import type { ImportView } from '../../api/imports.js';
import { useI18n } from '../../app/i18n/i18n.js';

const DELIMS: Record<string, string> = { ',': ', (comma)', ';': '; (semicolon)', '\t': 'tab', '|': '| (pipe)' };

export function PreviewStep({ imp, onSheet }: { imp: ImportView; onSheet: (sheet: string) => void }) {
  const { t, num } = useI18n();
  const rows = imp.preview ?? [];
  return (
    <Stack>
      <Group gap="xs">
        <Badge variant="light" tt="none">{imp.fileName}</Badge>
        <Badge variant="light" tt="uppercase">{imp.format}</Badge>
        {imp.format !== 'xlsx' && <Badge variant="outline" tt="none">{t('imports.encoding')}: {imp.encoding}</Badge>}
        {imp.format !== 'xlsx' && <Badge variant="outline" tt="none">{t('imports.delimiter')}: {DELIMS[imp.delimiter] ?? imp.delimiter}</Badge>}
        <Badge variant="outline" tt="none">{t('imports.size', { kb: num(Math.ceil(imp.fileSize / 1024)) })}</Badge>
      </Group>
      {imp.sheets.length > 1 && (
        <Select label={t('imports.sheet')} data={imp.sheets} value={imp.sheet} onChange={(v) => v && onSheet(v)} maw={300} allowDeselect={false} />
      )}
      <Text size="sm" c="dimmed">{t('imports.previewHint', { n: rows.length })}</Text>
      <Paper withBorder>
        <ScrollArea>
          <Table striped withColumnBorders fz="sm" aria-label={t('imports.previewTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.line')}</Table.Th>
                {imp.header.map((h, i) => <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>{h || `#${i + 1}`}</Table.Th>)}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.line}>
                  <Table.Td c="dimmed">{r.line}</Table.Td>
                  {imp.header.map((_, i) => <Table.Td key={i} style={{ whiteSpace: 'nowrap', maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis' }}>{r.values[i] ?? ''}</Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
    </Stack>
  );
}
