// Jest matchers of cdktf's testing API (toHaveResource, toHaveResourceWithProperties, ...).
import { setupJest } from 'cdktf/lib/testing/adapters/jest';

setupJest();
