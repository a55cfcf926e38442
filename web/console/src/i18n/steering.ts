import { i18n } from './index';
import { adminFormsEnUS } from './admin-forms-en-US';
import { adminFormsZhCN } from './admin-forms-zh-CN';
import { steeringEnUS } from './steering-en-US';
import { steeringZhCN } from './steering-zh-CN';

// The labels of the GM, HQ and administrator screens join the dictionaries when one of those screens
// loads: the desk's first screen does not carry them.
i18n.addResourceBundle('zh-CN', 'translation', steeringZhCN, true, false);
i18n.addResourceBundle('en-US', 'translation', steeringEnUS, true, false);
i18n.addResourceBundle('zh-CN', 'translation', adminFormsZhCN, true, false);
i18n.addResourceBundle('en-US', 'translation', adminFormsEnUS, true, false);
