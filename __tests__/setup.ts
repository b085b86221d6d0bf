// Jest matchers of cdktf's testing API (toHaveResource, toHaveResourceWithProperties, ...).
import { Testing } from 'cdktf';

Testing.setupJest();
