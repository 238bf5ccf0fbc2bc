import { useId } from 'react';
import { stateTone } from '../lists/state-icon.tsx';
import { boxHeight, boxWidth, describeDependencies, layoutDependencies, type GraphResource } from './graph-layout.ts';

/**
 * A group's dependency graph: each resource a box coloured by its state, arrows from a
 * resource to the resources it depends on (providers below). Read out as sentences.
 */
export function DependencyGraph({
  resources,
  title,
  highlight,
}: {
  resources: readonly GraphResource[];
  title: string;
  highlight?: string;
}) {
  const marker = useId().replace(/:/g, '');
  const layout = layoutDependencies(resources);
  const boxes = new Map(layout.boxes.map((box) => [box.name, box]));
  return (
    <figure className="dependency-graph">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${describeDependencies(resources)}`}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
      >
        <defs>
          <marker
            id={`arrow-${marker}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrowhead" />
          </marker>
        </defs>
        {layout.edges.map((edge) => {
          const from = boxes.get(edge.from)!;
          const to = boxes.get(edge.to)!;
          return (
            <line
              key={`${edge.from}->${edge.to}`}
              x1={from.x + boxWidth / 2}
              y1={from.y + boxHeight}
              x2={to.x + boxWidth / 2}
              y2={to.y}
              className="graph-edge"
              markerEnd={`url(#arrow-${marker})`}
            />
          );
        })}
        {layout.boxes.map((box) => (
          <g
            key={box.name}
            className={`graph-box tone-${stateTone(box.state)}${box.name === highlight ? ' highlight' : ''}`}
          >
            <rect x={box.x} y={box.y} width={boxWidth} height={boxHeight} rx="4" />
            <text x={box.x + boxWidth / 2} y={box.y + boxHeight / 2 + 4} textAnchor="middle">
              {box.name.length > 20 ? `${box.name.slice(0, 19)}…` : box.name}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
