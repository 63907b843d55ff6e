// The page: the self-check mounted into the document.
import { mount } from './app.js';

mount(document);
