/** The validator's messages for one part of the template, shown right under that part as the user types. */
import { List, Text } from '@mantine/core';
import type { Violation } from '../../../api/whatsapp.js';
import { Icon } from '../../../ui/icons.js';

export function Violations({ part, violations }: { part: string; violations: Violation[] }) {
  const mine = violations.filter((v) => v.component === part);
  if (!mine.length) return null;
  return (
    <List size="sm" spacing={2} c="red.7" icon={<Icon name="alert" size={14} />} data-testid={`wa-violations-${part}`} aria-live="polite">
      {mine.map((v, i) => (
        <List.Item key={i}>
          <Text span size="sm" dir="auto" data-rule={v.rule}>{v.message}</Text>
        </List.Item>
      ))}
    </List>
  );
}
