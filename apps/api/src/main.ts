import { probe } from '@ndp/catalogue';
console.log('probe', probe);
