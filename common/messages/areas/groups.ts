/** Messages of server/domains/groups. */
import { defineMessages } from '../catalog.js';

export const groupMessages = defineMessages({
  'groups.name_taken': { en: 'A group named "{name}" already exists.', he: 'כבר קיימת קבוצה בשם "{name}".' },
  'groups.name_blank': { en: 'name must not be blank.', he: 'השם לא יכול להיות ריק.' },
  'groups.members_needed': { en: 'Give contactIds or a filter.', he: 'יש לבחור אנשי קשר או מסנן.' },
  'groups.same_target': { en: 'The target group is the source group.', he: 'קבוצת היעד היא קבוצת המקור.' },
  'groups.target_missing': { en: 'Group {id} not found.', he: 'הקבוצה {id} לא נמצאה.' },
});
