// The administrators' screens as one chunk: split apart, the antd parts they share with the desk
// (form, input) would be cut into new shared chunks that the desk's first screen then loads too.
export { default as AdminHomePage } from './AdminHomePage';
export { default as GroupPolicyPage } from './GroupPolicyPage';
export { default as MallPolicyPage } from './MallPolicyPage';
