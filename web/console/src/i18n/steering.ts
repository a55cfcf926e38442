import { i18n } from './index';
import { steeringEnUS } from './steering-en-US';
import { steeringZhCN } from './steering-zh-CN';

// The labels of the GM, HQ and administrator screens join the dictionaries when one of those screens
// loads: the desk's first screen does not carry them.
i18n.addResourceBundle('zh-CN', 'translation', steeringZhCN, true, false);
i18n.addResourceBundle('en-US', 'translation', steeringEnUS, true, false);
