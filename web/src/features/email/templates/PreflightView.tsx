/** Shows a pre-flight result: errors (they block sending), warnings (shown, not blocking) and the HTML size. */
import { Alert, List, Stack, Text } from '@mantine/core';
import type { PreflightResult } from '../../../api/templates.js';
import { useI18n } from '../../../app/i18n/i18n.js';
import { Icon } from '../../../ui/icons.js';

export function PreflightView({ result }: { result: PreflightResult }) {
  const { t, num, msg } = useI18n();
  return (
    <Stack gap="sm" data-testid="preflight" data-ok={String(result.ok)}>
      {result.ok && !result.warnings.length && (
        <Alert color="teal" icon={<Icon name="check" />}>{t('email.preflight.allGood')}</Alert>
      )}
      {result.errors.length > 0 && (
        <Alert color="red" icon={<Icon name="alert" />} title={t('email.preflight.errors', { n: result.errors.length })}>
          <List size="sm">{result.errors.map((e, i) => <List.Item key={i} dir="auto" data-code={e.code}>{msg(e)}</List.Item>)}</List>
        </Alert>
      )}
      {result.warnings.length > 0 && (
        <Alert color="yellow" icon={<Icon name="alert" />} title={t('email.preflight.warnings', { n: result.warnings.length })}>
          <List size="sm">{result.warnings.map((w, i) => <List.Item key={i} dir="auto" data-code={w.code}>{msg(w)}</List.Item>)}</List>
        </Alert>
      )}
      {result.sizeBytes > 0 && <Text size="xs" c="dimmed">{t('email.preflight.size', { kb: num(Math.round(result.sizeBytes / 102.4) / 10) })}</Text>}
    </Stack>
  );
}
