/**
 * The buttons of a template: quick replies, website (URL, at most one variable at the very end, with a sample)
 * and call (phone). Adding is limited to what Meta allows (10 in all, 2 URL, 1 phone); the rest — labels,
 * grouping of quick replies vs. call-to-action — the validator reports inline.
 */
import { ActionIcon, Button, Group, Menu, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useI18n } from '../../../app/i18n/i18n.js';
import { Icon } from '../../../ui/icons.js';
import type { ButtonDraft, ButtonType } from './templateModel.js';

export function ButtonsEditor({ buttons, onChange, readOnly, dir = 'ltr' }: { buttons: ButtonDraft[]; onChange: (b: ButtonDraft[]) => void; readOnly?: boolean; dir?: 'ltr' | 'rtl' }) {
  const { t } = useI18n();
  const count = (type: ButtonType) => buttons.filter((b) => b.type === type).length;
  const set = (i: number, patch: Partial<ButtonDraft>) => onChange(buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const add = (type: ButtonType) => onChange([...buttons, { type, text: '', ...(type === 'URL' ? { url: 'https://' } : type === 'PHONE_NUMBER' ? { phone: '+' } : {}) }]);
  const full = buttons.length >= 10;
  const types: { value: ButtonType; label: string }[] = [
    { value: 'QUICK_REPLY', label: t('wa.tpl.btn.QUICK_REPLY') },
    { value: 'URL', label: t('wa.tpl.btn.URL') },
    { value: 'PHONE_NUMBER', label: t('wa.tpl.btn.PHONE_NUMBER') },
  ];
  return (
    <Stack gap="xs">
      {buttons.length === 0 && <Text size="sm" c="dimmed">{t('wa.tpl.noButtons')}</Text>}
      {buttons.map((b, i) => (
        <Paper key={i} withBorder p="xs">
          <Group align="flex-end" gap="xs" wrap="wrap">
            <Select w={150} label={t('wa.tpl.buttonType')} data={types} value={b.type} disabled={readOnly} allowDeselect={false}
              onChange={(v) => v && set(i, { type: v as ButtonType, url: v === 'URL' ? b.url ?? 'https://' : undefined, phone: v === 'PHONE_NUMBER' ? b.phone ?? '+' : undefined })} />
            <TextInput w={200} label={t('wa.tpl.buttonText', { n: i + 1 })} value={b.text} readOnly={readOnly} dir={dir} onChange={(e) => set(i, { text: e.currentTarget.value })}
              description={t('wa.tpl.chars', { n: b.text.length, max: 25 })} />
            {b.type === 'URL' && (
              <>
                <TextInput style={{ flex: 1, minWidth: 220 }} label={t('wa.tpl.buttonUrl', { n: i + 1 })} value={b.url ?? ''} readOnly={readOnly} dir="ltr" onChange={(e) => set(i, { url: e.currentTarget.value })}
                  description={t('wa.tpl.urlHint')} />
                {/\{\{[^{}]*\}\}/.test(b.url ?? '') && (
                  <TextInput w={200} label={t('wa.tpl.urlSample', { n: i + 1 })} value={b.urlSample ?? ''} readOnly={readOnly} dir="ltr" onChange={(e) => set(i, { urlSample: e.currentTarget.value })} />
                )}
              </>
            )}
            {b.type === 'PHONE_NUMBER' && (
              <TextInput w={200} label={t('wa.tpl.buttonPhone', { n: i + 1 })} value={b.phone ?? ''} readOnly={readOnly} dir="ltr" onChange={(e) => set(i, { phone: e.currentTarget.value })} />
            )}
            {!readOnly && (
              <ActionIcon variant="subtle" color="red" aria-label={t('wa.tpl.removeButton', { n: i + 1 })} onClick={() => onChange(buttons.filter((_, j) => j !== i))} mb={4}>
                <Icon name="x" size={16} />
              </ActionIcon>
            )}
          </Group>
        </Paper>
      ))}
      {!readOnly && (
        <Menu position="bottom-start">
          <Menu.Target>
            <Button variant="light" size="xs" w="fit-content" leftSection={<Icon name="plus" size={14} />} disabled={full}>{t('wa.tpl.addButton')}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => add('QUICK_REPLY')}>{t('wa.tpl.btn.QUICK_REPLY')}</Menu.Item>
            <Menu.Item onClick={() => add('URL')} disabled={count('URL') >= 2}>{t('wa.tpl.btn.URL')}</Menu.Item>
            <Menu.Item onClick={() => add('PHONE_NUMBER')} disabled={count('PHONE_NUMBER') >= 1}>{t('wa.tpl.btn.PHONE_NUMBER')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      <Text size="xs" c="dimmed">{t('wa.tpl.buttonRules')}</Text>
    </Stack>
  );
}
