import { buildApp } from './gongkai-app';

// `npx cdk synth` / `npx cdk deploy --all` enter here (see cdk.json).
buildApp().app.synth();
