/** New Group and New Resource wizards. */
export { NewGroupWizard } from './new-group-wizard.tsx';
export { NewResourceWizard } from './new-resource-wizard.tsx';
export { Wizard, type WizardStep } from './wizard.tsx';
