// The case page's banners after each child protection form (kept apart so the case presenter need not load the pages).
export const PROTECTION_BANNERS: Record<string, string> = {
  icpc: 'Initial child protection conference recorded',
  'pre-birth-conference': 'Pre-birth conference recorded',
  'cp-plan': 'Conference recorded. The child protection plan starts on the date of the conference',
  birth: 'Birth recorded',
  'core-group': 'Core group recorded',
  review: 'Review conference recorded',
  'plan-ended': 'Child protection plan ended',
  category: 'Category of abuse changed',
};
